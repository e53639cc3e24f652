export * as InvoiceFields from "./";

import type { Document } from "./document";
import type { Fields } from "./fields";
import { localFields } from "./local";
import { textractFields } from "./textract";
import { settings } from "../settings";

export type { Document } from "./document";
export {
  type Engine,
  engines,
  type FieldName,
  type Fields,
  fieldNames,
  type Kind,
  kinds,
  lowConfidence,
} from "./fields";
export { stop as stopOcr } from "./ocr";

/** The purposes whose documents get fields. */
export const purposes = ["invoice", "receipt"] as const;

/** Reads an invoice's or receipt's fields with the deployment's engine. Throws ProcessFault to have the record retried. */
export async function fields(document: Document): Promise<Fields> {
  return settings().fields.engine === "textract" ? textractFields(document) : localFields(document);
}
