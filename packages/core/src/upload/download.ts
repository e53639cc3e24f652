// Signed GET URLs for scanned files: short-lived, always an attachment, with the stored type.
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Actor } from "../actor";
import { s3 } from "../aws";
import { IntakeError, notFound } from "../errors";
import { Keys } from "../keys";
import { settings } from "../settings";
import { fn } from "../validate";
import { access } from "./lifecycle";
import { ByIdInput } from "./schema";
import { Store } from "./store";

/** Whoever may see an upload but not download it learns its status; anyone else learns nothing. */
export const download = fn(ByIdInput, async ({ uploadId }) => {
  const user = Actor.user();
  const upload = await Store.get(uploadId);
  if (!upload) throw notFound();
  const allowed = access(upload, user);
  if (!allowed.can.download) {
    if (!allowed.visible) throw notFound();
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
      ResponseContentDisposition: Keys.contentDisposition(Keys.servedFilename(upload.filename, upload.contentType)),
      ResponseContentType: upload.contentType,
      ResponseCacheControl: "private, no-store",
    }),
    { expiresIn: downloadUrlTtlSeconds },
  );
  return { url, expiresAt: new Date(Date.now() + downloadUrlTtlSeconds * 1000).toISOString() };
});
