// S3's ETag preconditions, which s3rver ignores: If-Match on GET/HEAD, and
// x-amz-copy-source-if-match on CopyObject. The scanner relies on both to move only the
// bytes it checked out of staging.
import type { Context } from "s3rver";
import { S3Fault } from "./errors";

export async function checkPreconditions(ctx: Context, bucket: string, key: string): Promise<void> {
  if (!key) return;
  if (ctx.method === "GET" || ctx.method === "HEAD") {
    const ifMatch = ctx.get("if-match");
    if (ifMatch) await assertMatches(ctx, bucket, key, ifMatch);
  }
  if (ctx.method === "PUT") {
    const source = ctx.get("x-amz-copy-source");
    const ifMatch = ctx.get("x-amz-copy-source-if-match");
    if (source && ifMatch) {
      const [sourceBucket = "", ...sourceKey] = decodeURIComponent(source.split("?")[0]!).replace(/^\//, "").split("/");
      await assertMatches(ctx, sourceBucket, sourceKey.join("/"), ifMatch);
    }
  }
}

/** A missing object is left to s3rver, which answers NoSuchKey as S3 does. */
async function assertMatches(ctx: Context, bucket: string, key: string, header: string): Promise<void> {
  if (!(await ctx.store.existsObject(bucket, key))) return;
  const metadata = await ctx.store.getMetadata(bucket, key);
  const etag = normalize(JSON.parse(metadata.etag ?? '""') as string);
  const wanted = header.split(",").map((value) => value.trim());
  if (wanted.includes("*") || wanted.some((value) => normalize(value) === etag)) return;
  throw new S3Fault("PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
}

function normalize(etag: string): string {
  return etag.replace(/^W\//, "").replace(/^"|"$/g, "").toLowerCase();
}
