// The admin API's shapes (zod only: browser-safe).
import { z } from "zod";
import { statuses } from "../upload/lifecycle";
import { Cursor, Limit, UploadId } from "../upload/schema";

/** Without a status: every upload, whatever its status. */
export const AdminListInput = z.object({ status: z.enum(statuses).optional(), cursor: Cursor, limit: Limit });

export const ApproveInput = z.object({ uploadId: UploadId, note: z.string().trim().max(2000).optional() });

export const RejectInput = z.object({
  uploadId: UploadId,
  reason: z.string().trim().min(1, "Give a reason").max(2000),
});
