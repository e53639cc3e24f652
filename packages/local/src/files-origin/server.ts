// The local files origin: its own port, separate from the app's. It answers only GET and HEAD
// of production objects through a URL signed as CloudFront checks it, and 403 to everything
// else (no SPA, no listing), as CloudFront with an origin access control does.
import { GetObjectCommand, HeadObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import type { KeyObject } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import { describeError, log } from "@intake/core/log";
import { provideSettings, type Settings } from "@intake/core/settings";
import { attachment, securityHeaders } from "./headers";
import { verifySignedUrl } from "./verify";

export interface FilesOriginOptions {
  /** 0 picks a free port. */
  port: number;
  /** The production bucket, through the S3 emulator. */
  s3: S3ClientConfig;
  bucket: string;
  /** The key group: public keys by key pair id. */
  keyGroup: ReadonlyMap<string, KeyObject>;
  /** The clock links are checked against; tests move it instead of waiting. */
  now?: () => number;
  /** The stack's settings (for its log level), once it has them. */
  settings?: () => Settings | undefined;
}

export interface FilesOrigin {
  url: string;
  stop(): Promise<void>;
}

const objectPath = /^\/files\/[A-Za-z0-9_-]{1,128}\/[A-Za-z0-9_-]{1,128}\.[a-z0-9]{1,8}$/;
const simpleRange = /^bytes=\d+-\d*$/;

export async function startFilesOrigin(options: FilesOriginOptions): Promise<FilesOrigin> {
  const s3 = new S3Client(options.s3);
  const now = options.now ?? Date.now;
  let origin = "";
  const server = createServer((req, res) => {
    const handle = () =>
      serve(req, res).catch((error) => {
        log("error", "files origin: fault", { error: describeError(error) });
        if (!res.headersSent) send(res, 502, "BadGateway", "The origin could not be read");
        else res.destroy();
      });
    const given = options.settings?.();
    if (given) provideSettings(given, handle);
    else handle();
  });

  async function serve(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== "GET" && req.method !== "HEAD") return forbidden(res, "method");
    const verdict = verifySignedUrl(
      { origin, target: req.url ?? "/", ip: req.socket.remoteAddress ?? "", nowSeconds: Math.floor(now() / 1000) },
      options.keyGroup,
    );
    if (!verdict.ok) return forbidden(res, verdict.reason);
    if (!objectPath.test(verdict.path)) return forbidden(res, "not a file");
    const key = verdict.path.slice(1);
    const range = req.headers.range && simpleRange.test(req.headers.range) ? req.headers.range : undefined;
    const input = { Bucket: options.bucket, Key: key, Range: range };
    let object: Awaited<ReturnType<typeof getObject>>;
    try {
      object = req.method === "HEAD" ? await s3.send(new HeadObjectCommand(input)) : await getObject(input);
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      // Without list permission S3 answers a missing key with 403, and CloudFront passes it on.
      if (status === 404 || status === 403) return forbidden(res, "no such object");
      if (status === 416) return send(res, 416, "InvalidRange", "The range is not satisfiable");
      throw error;
    }
    res.writeHead(object.ContentRange ? 206 : 200, {
      ...securityHeaders,
      "content-type": object.ContentType ?? "application/octet-stream",
      "content-disposition": attachment(object.ContentDisposition),
      "accept-ranges": "bytes",
      ...(object.ContentLength !== undefined && { "content-length": String(object.ContentLength) }),
      ...(object.ContentRange && { "content-range": object.ContentRange }),
      ...(object.ETag && { etag: object.ETag }),
      ...(object.LastModified && { "last-modified": object.LastModified.toUTCString() }),
    });
    const body = "Body" in object ? (object.Body as Readable | undefined) : undefined;
    if (!body) return res.end();
    body.on("error", () => res.destroy());
    body.pipe(res);
  }

  function getObject(input: { Bucket: string; Key: string; Range?: string }) {
    return s3.send(new GetObjectCommand(input));
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : options.port}`;
  return {
    url: origin,
    stop: async () => {
      await new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
      s3.destroy();
    },
  };
}

function forbidden(res: ServerResponse, reason: string) {
  log("info", "files origin: refused", { reason });
  send(res, 403, "AccessDenied", "Access denied");
}

function send(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { ...securityHeaders, "content-type": "text/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}
