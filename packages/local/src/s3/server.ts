import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3ClientConfig } from "@aws-sdk/client-s3";
import type { S3EventRecord } from "aws-lambda";
import S3rver from "s3rver";
import AWSAccount from "s3rver/lib/models/account.js";
import { makeCopiesAtomic } from "./atomic-copy";
import { xmlEscape } from "./errors";
import { forwardObjectCreated } from "./events";
import type { Credentials } from "./sigv4";
import { strictS3 } from "./strict";

export interface StartS3Options {
  /** 0 = any free port. */
  port: number;
  directory: string;
  buckets: string[];
  corsOrigins: string[];
  credentials: Credentials;
  region: string;
  onObjectCreated?: (event: S3EventRecord) => void | Promise<void>;
  /** S3's minimum size of every multipart part but the last; default 5 MiB as on AWS. */
  minPartSize?: number;
}

export interface RunningS3 {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * s3rver on 127.0.0.1 behind the strict middleware, buckets created with CORS for the SPA.
 * Data stays in `directory` across restarts.
 *
 * s3rver's ListObjectsV2 continuation token uses DES, which Node 17+ refuses without
 * `--openssl-legacy-provider`: a ListObjectsV2 that is truncated or passes a
 * continuation-token fails with 500 InternalError. Nothing here uses ListObjects(V2); callers
 * that page through listings must run Node with that flag (ListObjects v1 is unaffected).
 */
export async function startS3(options: StartS3Options): Promise<RunningS3> {
  await mkdir(options.directory, { recursive: true });
  const spoolDirectory = await mkdtemp(join(tmpdir(), "intake-s3-spool-"));
  // s3rver looks the key up after the strict middleware has verified the signature.
  AWSAccount.DUMMY_ACCOUNT.createKeyPair(options.credentials.accessKeyId, options.credentials.secretAccessKey);

  const cors = options.corsOrigins.length ? [corsConfiguration(options.corsOrigins)] : [];
  const server = new S3rver({
    address: "127.0.0.1",
    port: options.port,
    silent: true,
    directory: options.directory,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name, configs: cors })),
  });
  makeCopiesAtomic(server.store);
  // s3rver's last middleware is its router; everything before it only logs, encodes and rewrites.
  server.middleware.splice(
    server.middleware.length - 1,
    0,
    strictS3({
      credentials: options.credentials,
      region: options.region,
      spoolDirectory,
      minPartSize: options.minPartSize,
    }),
  );
  const events = options.onObjectCreated
    ? forwardObjectCreated(server, options.region, options.onObjectCreated)
    : undefined;

  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    async stop() {
      await server.close();
      await events?.flush();
      await rm(spoolDirectory, { recursive: true, force: true });
    },
  };
}

/** The S3Client settings that work against s3rver (and that presigning needs on AWS too). */
export function s3ClientConfig(endpoint: string, credentials: Credentials, region: string): S3ClientConfig {
  return {
    endpoint,
    region,
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

function corsConfiguration(origins: string[]): string {
  const allowed = origins.map((origin) => `<AllowedOrigin>${xmlEscape(origin)}</AllowedOrigin>`).join("");
  return (
    `<CORSConfiguration><CORSRule>${allowed}` +
    "<AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>" +
    "<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>" +
    "</CORSRule></CORSConfiguration>"
  );
}
