// The admin API's shapes (zod only: browser-safe).
import { z } from "zod";
import { field } from "../text";
import { statuses } from "../upload/lifecycle";
import { Cursor, Limit, UploadId } from "../upload/schema";

/** Without a status: every upload, whatever its status. */
export const AdminListInput = z.object({ status: z.enum(statuses).optional(), cursor: Cursor, limit: Limit });

export const ApproveInput = z.object({ uploadId: UploadId, note: field(2000, { multiline: true }).optional() });

export const RejectInput = z.object({
  uploadId: UploadId,
  reason: field(2000, { multiline: true, empty: "Give a reason" }),
});

export const RetryInput = z.object({ uploadId: UploadId });
/** Delete for good (quarantined or failed). */
export const PurgeInput = z.object({ uploadId: UploadId });
