// Which inspector a file goes to, by its verified type (the scan already checked the type
// against the declared one and the purpose's list).
import { inspectEpub } from "./epub";
import { inspectImage } from "./image";
import type { Inspection, Limits } from "./inspection";
import { inspectPdf } from "./pdf";

/** `text`: a PDF's inspection also returns its text layer (for invoice fields). */
export async function inspect(
  bytes: Uint8Array,
  contentType: string,
  limits: Limits,
  options: { text?: boolean } = {},
): Promise<Inspection> {
  switch (contentType) {
    case "image/jpeg":
    case "image/png":
    case "image/tiff":
      return inspectImage(bytes, contentType, limits);
    case "application/pdf":
      return inspectPdf(bytes, limits, options);
    case "application/epub+zip":
      return inspectEpub(bytes, limits);
    default:
      // Every type a purpose accepts has an inspector; a type without one is a deployment error.
      throw new Error(`No inspector for ${contentType}`);
  }
}
