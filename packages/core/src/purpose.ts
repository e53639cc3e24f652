// The purposes catalogue: what each kind of upload may be. Pure data, safe in the browser.
export * as Purpose from "./purpose";

const MiB = 1024 * 1024;

export const names = ["book", "invoice", "statement", "receipt"] as const;
export type Name = (typeof names)[number];

export interface Definition {
  contentTypes: readonly string[];
  maxSizeBytes: number;
  review: "admin" | "none";
}

export const defaults: Record<Name, Definition> = {
  book: { contentTypes: ["application/pdf", "application/epub+zip"], maxSizeBytes: 50 * MiB, review: "admin" },
  invoice: {
    contentTypes: ["application/pdf", "image/jpeg", "image/png", "image/tiff"],
    maxSizeBytes: 50 * MiB,
    review: "none",
  },
  statement: { contentTypes: ["application/pdf"], maxSizeBytes: 50 * MiB, review: "none" },
  receipt: { contentTypes: ["application/pdf", "image/jpeg", "image/png"], maxSizeBytes: 50 * MiB, review: "none" },
};

/** S3 allows 5 GiB for one object through the API we use; no purpose may go above it. */
export const hardMaxSizeBytes = 5 * 1024 * MiB;

/** The file extension for an allowed content type: keys never take one from a filename. */
export const extensions: Record<string, string> = {
  "application/pdf": "pdf",
  "application/epub+zip": "epub",
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/tiff": "tiff",
};

export type Catalogue = Record<Name, Definition>;

export type Problem =
  | { code: "FILE_TOO_LARGE"; maximum: number }
  | { code: "UNSUPPORTED_FILE_TYPE"; supported: readonly string[] };

/** Why a file of this type and size cannot be uploaded for this purpose, or undefined. */
export function check(
  catalogue: Catalogue,
  purpose: Name,
  file: { contentType: string; sizeBytes: number },
): Problem | undefined {
  const definition = catalogue[purpose];
  if (!definition.contentTypes.includes(file.contentType)) {
    return { code: "UNSUPPORTED_FILE_TYPE", supported: definition.contentTypes };
  }
  if (file.sizeBytes > definition.maxSizeBytes) {
    return { code: "FILE_TOO_LARGE", maximum: definition.maxSizeBytes };
  }
  return undefined;
}
