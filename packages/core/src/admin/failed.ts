// Deleting a file that went wrong for good (quarantined or failed). Sending a failed one back
// to its stage is `retry` (see Recover).
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { Actor } from "../actor";
import { s3 } from "../aws";
import { IntakeError, notFound } from "../errors";
import { Keys } from "../keys";
import { log } from "../log";
import { settings } from "../settings";
import { traits } from "../upload/lifecycle";
import { Store, type UploadItem } from "../upload/store";
import { fn } from "../validate";
import { PurgeInput } from "./schema";

/** Quarantined or failed → gone: every copy of the bytes, then the record (while still in that status). */
export const purge = fn(PurgeInput, async ({ uploadId }) => {
  const admin = Actor.admin();
  const upload = await Store.get(uploadId);
  if (!upload) throw notFound();
  if (!traits[upload.status].purgeable) throw invalidState(upload, "cannot be deleted");
  await deleteStored(upload);
  if (!(await Store.remove(upload, upload.status))) throw invalidState((await Store.get(uploadId)) ?? upload, "moved");
  log("info", "admin: upload deleted for good", { uploadId, status: upload.status, by: admin.userId });
  return { uploadId, deleted: true as const };
});

/** Staging, production and quarantine: deleting a key that is not there is not an error. */
async function deleteStored(upload: UploadItem): Promise<void> {
  const { buckets } = settings();
  const ids = [upload.ownerId, upload.uploadId, upload.contentType] as const;
  const copies = [
    { Bucket: buckets.staging, Key: upload.stagingKey },
    { Bucket: buckets.production, Key: Keys.production(...ids) },
    { Bucket: buckets.quarantine, Key: Keys.quarantine(...ids) },
  ];
  await Promise.all(copies.map((copy) => s3().send(new DeleteObjectCommand(copy))));
}

function invalidState(upload: UploadItem, what: string) {
  return new IntakeError("INVALID_STATE", `The upload is ${upload.status}: ${what}`, { status: upload.status });
}
