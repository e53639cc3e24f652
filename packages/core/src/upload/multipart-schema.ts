// The multipart procedures' inputs, shared by the server and the browser (zod only).
import { z } from "zod";
import { maxParts } from "./parts";
import { UploadId } from "./schema";

export const PartNumber = z.number().int().min(1).max(maxParts);

export const SignPartsInput = z.object({
  uploadId: UploadId,
  partNumbers: z
    .array(PartNumber)
    .min(1)
    .max(1000)
    .refine((numbers) => new Set(numbers).size === numbers.length, "Part numbers repeat"),
});

export const CompleteInput = z.object({
  uploadId: UploadId,
  parts: z
    .array(z.object({ partNumber: PartNumber, etag: z.string().min(1).max(200) }))
    .min(1)
    .max(maxParts),
});
