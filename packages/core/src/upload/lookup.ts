import { notFound } from "../errors";
import { Store } from "./store";
import type { UploadItem } from "./upload.entity";

/** The caller's own upload; anyone else's is NOT_FOUND, never FORBIDDEN. */
export async function owned(uploadId: string, user: { userId: string }): Promise<UploadItem> {
  const upload = await Store.get(uploadId);
  if (!upload || upload.ownerId !== user.userId) throw notFound();
  return upload;
}
