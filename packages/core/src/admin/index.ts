export * as Admin from "./";

import { Actor } from "../actor";
import { db } from "../dynamo";
import { IntakeError, notFound } from "../errors";
import { Upload, type UploadItem } from "../upload";
import { fn } from "../validate";
import { AdminListInput, ApproveInput, RejectInput } from "./schema";

export * from "./schema";

/** Everyone's uploads in one status, newest first. */
export const list = fn(AdminListInput, async ({ status, cursor, limit }) => {
  adminOnly();
  const page = await Upload.paged(() =>
    db().upload.query.byStatus({ status }).go({ order: "desc", cursor: cursor ?? null, count: limit }),
  );
  return { items: page.data.map(Upload.toPublic), cursor: page.cursor };
});

/** `in_review` → `ready`: the file becomes downloadable (a book joins the library). */
export const approve = fn(ApproveInput, async ({ uploadId, note }) => {
  const moved = await decide(uploadId, "ready", note ? { reviewNote: note } : {});
  return { uploadId, status: moved.status as "ready" };
});

/** `in_review` → `rejected`, with the reason the owner sees as statusReason. */
export const reject = fn(RejectInput, async ({ uploadId, reason }) => {
  const moved = await decide(uploadId, "rejected", { reviewNote: reason, statusReason: reason });
  return { uploadId, status: moved.status as "rejected" };
});

async function decide(
  uploadId: string,
  to: "ready" | "rejected",
  changes: { reviewNote?: string; statusReason?: string },
): Promise<UploadItem> {
  const admin = adminOnly();
  const upload = await Upload.fromId(uploadId);
  if (!upload) throw notFound();
  const moved = await Upload.transition(upload, ["in_review"], to, {
    ...changes,
    reviewedBy: admin.userId,
    reviewedAt: new Date().toISOString(),
  });
  if (moved) return moved;
  const current = (await Upload.fromId(uploadId)) ?? upload;
  throw new IntakeError("INVALID_STATE", `The upload is ${current.status}, not in review`, { status: current.status });
}

/** The router checks too; the domain does not rely on it. */
function adminOnly() {
  const user = Actor.user();
  if (!user.isAdmin) throw new IntakeError("FORBIDDEN", "Admins only");
  return user;
}
