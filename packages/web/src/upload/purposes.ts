// What the form offers. The server decides what is allowed; these are only hints.
import { Purpose } from "@intake/core/purpose";
import { formatBytes } from "../format";
import { typeName } from "./file-problem";

export type PurposeName = Purpose.Name;

export const purposeLabels: Record<PurposeName, string> = {
  book: "Book",
  invoice: "Invoice",
  statement: "Statement",
  receipt: "Receipt",
};

export const purposeNames = Purpose.names;

/** What a purpose takes, said before anything is picked: "PDF or EPUB, up to 50 MB each". */
export function acceptedText(catalogue: Purpose.Catalogue, purpose: PurposeName, multiple: boolean): string {
  const { contentTypes, maxSizeBytes } = catalogue[purpose];
  const names = contentTypes.map(typeName);
  const types = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : (names[0] ?? "");
  return `${types}, up to ${formatBytes(maxSizeBytes)}${multiple ? " each" : ""}`;
}

/** The file picker's `accept` list for a purpose. */
export function acceptFor(purpose: PurposeName): string {
  const types = Purpose.defaults[purpose].contentTypes;
  const extensions = types.map((type) => `.${Purpose.extensions[type]}`);
  return [...types, ...extensions].join(",");
}

const byExtension: Record<string, string> = {
  pdf: "application/pdf",
  epub: "application/epub+zip",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  tif: "image/tiff",
  tiff: "image/tiff",
};

/** Browsers leave `file.type` empty for types the OS does not know (often .epub). */
export function contentTypeOf(file: File): string {
  if (file.type) return file.type;
  const extension = file.name.split(".").pop()?.toLowerCase() ?? "";
  return byExtension[extension] ?? "application/octet-stream";
}
