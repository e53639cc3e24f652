// The form's checks, before anything is sent: the server's own zod schema for the fields
// and each file, then the purpose's types and size limit as this deployment sets them.
import { Purpose } from "@intake/core/purpose";
import { InitiateInput } from "@intake/core/upload/schema";
import { fileProblemText } from "./file-problem";
import { contentTypeOf } from "./purposes";
import type { UploadFields } from "./send";

export interface UploadDraft {
  purpose: Purpose.Name;
  title: string;
  author: string;
  description: string;
}

export type FieldName = "title" | "author" | "description";

export interface UploadProblems {
  fields: Partial<Record<FieldName, string>>;
  /** What is wrong with each picked file, in the order picked (undefined: nothing). */
  files: (string | undefined)[];
}

const optional = (value: string) => value.trim() || undefined;

export function fieldsOf(draft: UploadDraft): UploadFields {
  if (draft.purpose !== "book") return { purpose: draft.purpose };
  return {
    purpose: draft.purpose,
    title: optional(draft.title),
    author: optional(draft.author),
    description: optional(draft.description),
  };
}

/** A stand-in file so the fields are checked even before any file is picked. */
const noFile = { filename: "file.pdf", contentType: "application/pdf", sizeBytes: 1 };

export function checkUpload(draft: UploadDraft, files: readonly File[], catalogue: Purpose.Catalogue): UploadProblems {
  const problems: UploadProblems = { fields: {}, files: [] };
  const fields = fieldsOf(draft);

  const fieldIssues = InitiateInput.safeParse({ ...fields, ...noFile });
  for (const issue of fieldIssues.error?.issues ?? []) {
    const field = issue.path[0];
    if (field === "title" || field === "author" || field === "description") problems.fields[field] ??= issue.message;
  }

  problems.files = files.map((file) => {
    const request = { filename: file.name, contentType: contentTypeOf(file), sizeBytes: file.size };
    const parsed = InitiateInput.safeParse({ ...fields, ...request });
    const issue = parsed.error?.issues.find(
      (i) => i.path[0] === "filename" || i.path[0] === "sizeBytes" || i.path[0] === "contentType",
    );
    if (issue) return `${issue.message}.`;
    const problem = Purpose.check(catalogue, draft.purpose, request);
    return problem ? fileProblemText(problem) : undefined;
  });
  return problems;
}

export const hasProblems = (problems: UploadProblems) =>
  Object.keys(problems.fields).length > 0 || problems.files.some(Boolean);
