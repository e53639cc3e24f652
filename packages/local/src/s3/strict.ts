import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { Context, Middleware, Next } from "s3rver";
import { type SpooledBody, spoolBody } from "./body";
import { applyCors } from "./cors";
import { S3Fault, errorXml } from "./errors";
import { checkPreconditions } from "./preconditions";
import {
  abortUpload,
  checkComplete,
  listPartsXml,
  parseCompleteXml,
  parsePartNumber,
  storedParts,
  uploadDir,
} from "./multipart";
import { type Credentials, type SigV4Result, verifySigV4 } from "./sigv4";

export interface StrictS3Options {
  credentials: Credentials;
  region: string;
  /** Where request bodies wait while they are checked; default the OS temp directory. */
  spoolDirectory?: string;
  /** S3's minimum size of every part but the last (5 MiB). */
  minPartSize?: number;
}

interface Target {
  bucket: string;
  key: string;
  query: URLSearchParams;
}

const MiB = 1024 * 1024;

/**
 * Koa middleware run before s3rver's router: enforces SigV4 (s3rver checks only expiry), the
 * signed Content-Length and checksums against the bytes actually received, and adds the
 * multipart operations s3rver lacks or gets wrong (ListParts, Abort, Complete's part checks).
 */
export function strictS3(options: StrictS3Options): Middleware {
  const spoolDirectory = options.spoolDirectory ?? tmpdir();
  const minPartSize = options.minPartSize ?? 5 * MiB;

  return async function strict(ctx: Context, next: Next) {
    if (ctx.method === "OPTIONS") return next();
    try {
      const target = parseTarget(ctx);
      await applyCors(ctx, target.bucket);
      const auth = await verifySigV4(
        { method: ctx.method, rawPath: ctx.path, query: target.query, headers: ctx.headers },
        options,
      );
      if (auth.presigned) refuseUnsignedAmzHeaders(ctx, auth);
      return await route(ctx, next, target, auth);
    } catch (err) {
      if (!(err instanceof S3Fault)) throw err;
      ctx.status = err.status;
      ctx.type = "application/xml";
      ctx.body = errorXml(err, ctx.path);
    }
  };

  async function route(ctx: Context, next: Next, { bucket, key, query }: Target, auth: SigV4Result) {
    const uploadId = query.get("uploadId");
    const dir = key && uploadId !== null ? await uploadDir(ctx.store, bucket, key, uploadId) : undefined;
    if (dir && ctx.method === "GET") {
      const xml = listPartsXml(await storedParts(dir), {
        bucket,
        key,
        uploadId: uploadId!,
        maxParts: query.get("max-parts"),
        partNumberMarker: query.get("part-number-marker"),
      });
      ctx.status = 200;
      ctx.type = "application/xml";
      ctx.body = xml;
      return;
    }
    if (dir && ctx.method === "DELETE") {
      await abortUpload(dir);
      ctx.status = 204;
      return;
    }
    if (dir && ctx.method === "PUT") parsePartNumber(query.get("partNumber"));
    await checkPreconditions(ctx, bucket, key);
    if (ctx.method !== "PUT" && ctx.method !== "POST") return next();

    const body = await checkedBody(ctx, query, auth);
    try {
      if (dir && ctx.method === "POST") {
        checkComplete(parseCompleteXml(await readFile(body.file, "utf8")), await storedParts(dir), minPartSize);
      }
      const checked = createReadStream(body.file);
      // s3rver may never read it (a copy, an error reply) before it is discarded below, and the
      // open would then fail with ENOENT on a stream nobody listens to.
      checked.on("error", () => {});
      ctx.req = checked;
      return await next();
    } finally {
      await body.discard();
    }
  }

  async function checkedBody(ctx: Context, query: URLSearchParams, auth: SigV4Result): Promise<SpooledBody> {
    const signedLength = auth.signedHeaders.includes("content-length") ? Number(ctx.get("content-length")) : undefined;
    const body = await spoolBody(ctx.req, spoolDirectory, signedLength);
    try {
      if (signedLength !== undefined && body.size !== signedLength) {
        throw new S3Fault("AccessDenied", `Received ${body.size} bytes; the signed Content-Length is ${signedLength}`);
      }
      if (/^[0-9a-f]{64}$/.test(auth.payloadHash) && body.sha256.toString("hex") !== auth.payloadHash) {
        throw new S3Fault(
          "XAmzContentSHA256Mismatch",
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
        );
      }
      const contentMd5 = ctx.get("content-md5");
      if (contentMd5) checkContentMd5(contentMd5, body.md5);
      const checksum = ctx.get("x-amz-checksum-sha256") || queryValue(query, "x-amz-checksum-sha256");
      if (checksum && body.sha256.toString("base64") !== checksum) {
        throw new S3Fault("BadDigest", "The SHA256 you specified did not match the calculated checksum.");
      }
      return body;
    } catch (err) {
      await body.discard();
      throw err;
    }
  }
}

/**
 * S3 refuses a presigned request that carries x-amz-* headers its URL did not sign: otherwise
 * whoever holds the URL could add metadata, an ACL, tags or a redirect the signer never allowed.
 */
function refuseUnsignedAmzHeaders(ctx: Context, auth: SigV4Result) {
  const unsigned = Object.keys(ctx.headers).filter(
    (name) => name.startsWith("x-amz-") && name !== "x-amz-content-sha256" && !auth.signedHeaders.includes(name),
  );
  if (unsigned.length > 0) {
    throw new S3Fault(
      "AccessDenied",
      `There were headers present in the request which were not signed: ${unsigned.sort().join(", ")}`,
    );
  }
}

/** Content-MD5 is the base64 of the body's 16-byte MD5: malformed is InvalidDigest, wrong BadDigest. */
function checkContentMd5(header: string, md5: Buffer) {
  const claimed = Buffer.from(header, "base64");
  if (claimed.length !== 16 || claimed.toString("base64") !== header.trim()) {
    throw new S3Fault("InvalidDigest", "The Content-MD5 you specified was invalid.");
  }
  if (!claimed.equals(md5))
    throw new S3Fault("BadDigest", "The Content-MD5 you specified did not match what we received.");
}

/** Path-style only (startS3 turns s3rver's virtual-host buckets off): /bucket/key… */
function parseTarget(ctx: Context): Target {
  const [bucket = "", ...keySegments] = ctx.path.split("/").slice(1);
  try {
    return {
      bucket: decodeURIComponent(bucket),
      key: keySegments.map(decodeURIComponent).join("/"),
      query: new URLSearchParams(ctx.querystring),
    };
  } catch {
    throw new S3Fault("InvalidArgument", "The request path is not valid percent-encoding");
  }
}

function queryValue(query: URLSearchParams, name: string): string | undefined {
  for (const [key, value] of query) if (key.toLowerCase() === name) return value;
  return undefined;
}
