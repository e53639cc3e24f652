// The upload API's shapes, shared by the server and the SPA (zod only: browser-safe).
import { z } from "zod";
import { filenameProblem } from "../keys";
import { hardMaxSizeBytes, names } from "../purpose";
import { statuses } from "./lifecycle";

export const UploadId = z.string().regex(/^upl_[a-f0-9]{32}$/, "Not an upload id");

const Filename = z
  .string()
  .max(1024)
  .superRefine((name, ctx) => {
    const problem = filenameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const Text = (max: number) => z.string().trim().max(max);

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
    title: Text(300).optional(),
    author: Text(200).optional(),
    description: Text(5000).optional(),
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
