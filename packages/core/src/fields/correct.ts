// The owner's correction of an invoice's fields. The extraction stays as it was; the
// correction is kept beside it (`fieldsCorrection`), and a later correction replaces it.
import { z } from "zod";
import { isConditionFailure } from "../conditional";
import { db } from "../dynamo";
import { IntakeError } from "../errors";
import { owned } from "../upload/lookup";
import { Store } from "../upload/store";
import type { UploadItem } from "../upload/upload.entity";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "an ISO 8601 date (YYYY-MM-DD)");

export const UpdateFieldsInput = z.object({
  uploadId: z.string().min(1).max(100),
  fields: z
    .object({
      vendor: z.string().trim().min(1).max(200),
      invoiceNumber: z.string().trim().min(1).max(100),
      invoiceDate: isoDate,
      dueDate: isoDate,
      total: z.string().regex(/^\d+(\.\d{1,4})?$/, "an amount with . before the decimals (1234.50)"),
      currency: z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code"),
    })
    .partial()
    .strict(),
});

/** The caller's own `ready` invoice or receipt with the correction stored; anyone else's is NOT_FOUND. */
export async function correctFields(
  { uploadId, fields }: z.infer<typeof UpdateFieldsInput>,
  user: { userId: string },
): Promise<UploadItem> {
  const upload = await owned(uploadId, user);
  if (upload.status !== "ready" || !upload.processing?.fields) {
    throw new IntakeError("INVALID_STATE", "Only a ready invoice or receipt with fields can be corrected", {
      status: upload.status,
    });
  }
  const correction = { ...fields, correctedAt: new Date().toISOString() };
  try {
    const { data } = await db()
      .upload.patch({ uploadId })
      .set({ fieldsCorrection: correction })
      .where((a, { eq }) => eq(a.status, "ready"))
      .go({ response: "all_new" });
    return data as UploadItem;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = (await Store.get(uploadId)) ?? upload;
    throw new IntakeError("INVALID_STATE", `The upload is ${current.status}`, { status: current.status });
  }
}
