// Just enough of s3rver 3.7.1 (a Koa app, untyped) for the strict middleware and startS3.
declare module "s3rver" {
  import type { IncomingMessage, ServerResponse, Server } from "node:http";
  import type { Readable } from "node:stream";

  export interface CorsRule {
    hasWildcardOrigin: boolean;
    exposeHeaders: string[];
    maxAgeSeconds?: number;
  }
  export interface CorsConfig {
    matchRule(origin: string, method: string): CorsRule | undefined;
  }

  export interface FilesystemStore {
    getResourcePath(bucket: string, key: string | undefined, resource: string): string;
    getSubresource(bucket: string, key: undefined, type: "cors"): Promise<CorsConfig | null>;
    getMetadata(bucket: string, key: string): Promise<Record<string, string>>;
    existsObject(bucket: string, key: string): Promise<boolean>;
    copyObject(
      srcBucket: string,
      srcKey: string,
      destBucket: string,
      destKey: string,
      replacementMetadata: Record<string, string | string[] | undefined> | null,
    ): Promise<Record<string, string>>;
    putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5?: string): Promise<void>;
  }

  /** The parts of a Koa context the middleware uses. `req` is replaced to hand s3rver a checked body. */
  export interface Context {
    method: string;
    path: string;
    querystring: string;
    req: IncomingMessage | Readable;
    res: ServerResponse;
    headers: IncomingMessage["headers"];
    get(field: string): string;
    set(field: string, value: string): void;
    status: number;
    body: unknown;
    type: string;
    store: FilesystemStore;
  }
  export type Next = () => Promise<unknown>;
  export type Middleware = (ctx: Context, next: Next) => Promise<unknown> | unknown;

  /** The record s3rver emits on `event` (eventVersion 2.0, fixed region, no eTag for Copy). */
  export interface S3rverEvent {
    Records: Array<{
      eventTime: string;
      eventName: string;
      userIdentity: { principalId: string };
      requestParameters: { sourceIPAddress: string };
      responseElements: { "x-amz-request-id": string; "x-amz-id-2": string };
      s3: {
        bucket: { name: string; ownerIdentity: { principalId: string } };
        object: { key: string; size?: number; eTag?: string; sequencer: string };
      };
    }>;
  }

  export interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: Array<{ name: string; configs?: Array<string | Buffer> }>;
  }

  export default class S3rver {
    constructor(options?: S3rverOptions);
    middleware: Middleware[];
    store: FilesystemStore;
    httpServer?: Server;
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
    on(event: "event", listener: (event: S3rverEvent) => void): this;
    on(event: "error", listener: (err: Error) => void): this;
  }
}

declare module "s3rver/lib/models/error.js" {
  export default class S3Error extends Error {
    constructor(code: string, message: string, detail?: Record<string, string>);
  }
}

declare module "s3rver/lib/models/account.js" {
  const AWSAccount: {
    DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
  };
  export default AWSAccount;
}
