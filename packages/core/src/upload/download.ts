// Signed GET URLs for scanned files: short-lived, always an attachment, with the stored type.
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Actor } from "../actor";
import { s3 } from "../aws";
import { db } from "../dynamo";
import { IntakeError, notFound } from "../errors";
import { Keys } from "../keys";
import { settings } from "../settings";
import { fn } from "../validate";
import { ByIdInput } from "./schema";
import type { UploadItem } from "./upload.entity";

type Access = "download" | "visible" | "hidden";

/**
 * `ready` files to their owner and admins, `ready` books (the library) to anyone signed
 * in, `in_review` files to admins only. Whoever may see an upload but not download it
 * learns its status; anyone else learns nothing.
 */
function access(upload: UploadItem, user: { userId: string; isAdmin: boolean }): Access {
  const visible = upload.ownerId === user.userId || user.isAdmin;
  if (upload.status === "ready" && (visible || upload.purpose === "book")) return "download";
  if (upload.status === "in_review" && user.isAdmin) return "download";
  return visible ? "visible" : "hidden";
}

export const download = fn(ByIdInput, async ({ uploadId }) => {
  const user = Actor.user();
  const upload = (await db().upload.get({ uploadId }).go({ consistent: true })).data ?? undefined;
  if (!upload) throw notFound();
  const allowed = access(upload, user);
  if (allowed === "hidden") throw notFound();
  if (allowed === "visible") {
    throw new IntakeError("INVALID_STATE", `A file that is ${upload.status} cannot be downloaded`, {
      status: upload.status,
    });
  }
  const { buckets, downloadUrlTtlSeconds } = settings();
  const url = await getSignedUrl(
    s3(),
    new GetObjectCommand({
      Bucket: buckets.production,
      Key: Keys.production(upload.ownerId, upload.uploadId, upload.contentType),
      ResponseContentDisposition: Keys.contentDisposition(upload.filename),
      ResponseContentType: upload.contentType,
      ResponseCacheControl: "private, no-store",
    }),
    { expiresIn: downloadUrlTtlSeconds },
  );
  return { url, expiresAt: new Date(Date.now() + downloadUrlTtlSeconds * 1000).toISOString() };
});
