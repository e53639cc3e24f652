// One sentence per reason a purpose refuses a file: the form says it before sending,
// and a refusal from the server (whose limits may be newer) reads the same.
import type { Purpose } from "@intake/core/purpose";
import { formatBytes } from "../format";

const typeNames: Record<string, string> = {
  "application/pdf": "PDF",
  "application/epub+zip": "EPUB",
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/tiff": "TIFF",
};

export const typeName = (contentType: string) => typeNames[contentType] ?? contentType;

export function fileProblemText(problem: Purpose.Problem): string {
  if (problem.code === "FILE_TOO_LARGE") return `This file is too large: the limit is ${formatBytes(problem.maximum)}.`;
  return `This file type is not accepted here. Accepted: ${problem.supported.map(typeName).join(", ")}.`;
}
