// The upload API's shapes, shared by the server and the SPA (zod only: browser-safe).
import { z } from "zod";
import { filenameProblem } from "../keys";
import { hardMaxSizeBytes, names } from "../purpose";
import { field } from "../text";
import { statuses } from "./lifecycle";

export const UploadId = z.string().regex(/^upl_[a-f0-9]{32}$/, "Not an upload id");

const Filename = z
  .string()
  .max(1024)
  .superRefine((name, ctx) => {
    const problem = filenameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const InitiateInput = z
  .object({
    purpose: z.enum(names),
    filename: Filename,
    contentType: z.string().min(1).max(255),
    sizeBytes: z.number().int().positive("The file is empty").max(hardMaxSizeBytes, "Larger than any upload can be"),
    checksumSha256: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, "Not a base64 SHA-256 digest")
      .optional(),
    title: field(300).optional(),
    author: field(200).optional(),
    description: field(5000, { multiline: true }).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.purpose !== "book") return;
    if (!input.title) ctx.addIssue({ code: "custom", path: ["title"], message: "A book needs a title" });
    if (!input.author) ctx.addIssue({ code: "custom", path: ["author"], message: "A book needs an author" });
  });
export type InitiateInput = z.infer<typeof InitiateInput>;

export const ConfirmInput = z.object({
  uploadId: UploadId,
  etag: z.string().min(1).max(200),
});

export const ByIdInput = z.object({ uploadId: UploadId });

export const Cursor = z.string().max(2048).optional();
export const Limit = z.number().int().min(1).max(100).default(20);

export const ListInput = z.object({
  status: z.enum(statuses).optional(),
  cursor: Cursor,
  limit: Limit,
});
