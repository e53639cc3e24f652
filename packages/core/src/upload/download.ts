// Signed URLs for scanned files on the files origin (never the app's origin), which serves
// them as attachments of their verified type. Admins previewing a file in review get a short link.
import { Actor } from "../actor";
import { IntakeError, notFound } from "../errors";
import { signedFileUrl } from "../files/signed-url";
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
  const { downloadUrlTtlSeconds, previewUrlTtlSeconds } = settings();
  const seconds = upload.status === "in_review" ? previewUrlTtlSeconds : downloadUrlTtlSeconds;
  return signedFileUrl(Keys.production(upload.ownerId, upload.uploadId, upload.contentType), seconds);
});
