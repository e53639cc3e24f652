// What the fields extractor reads from an invoice or receipt: the shape both engines return
// and the upload stores under `processing.fields`. Pure data, safe in the browser.

export const fieldNames = ["vendor", "invoiceNumber", "invoiceDate", "dueDate", "total", "currency"] as const;
export type FieldName = (typeof fieldNames)[number];

export const kinds = ["invoice", "receipt", "other"] as const;
export type Kind = (typeof kinds)[number];

export const engines = ["local", "textract"] as const;
export type Engine = (typeof engines)[number];

export interface Fields {
  vendor?: string;
  invoiceNumber?: string;
  /** ISO 8601 date (YYYY-MM-DD). */
  invoiceDate?: string;
  dueDate?: string;
  /** In the document's decimal form, normalised: `.` before the decimals, no grouping ("1234.50"). */
  total?: string;
  /** ISO 4217 code. */
  currency?: string;
  /** 0–1: how sure the engine is that these are the document's invoice fields. */
  confidence: number;
  kind: Kind;
  /** 0–1, only for fields found with a confidence below `lowConfidence`. */
  lowConfidence?: Partial<Record<FieldName, number>>;
  engine: Engine;
}

/** A field read with this confidence (0–1) or less is marked for a person to check. */
export const lowConfidence = 0.8;

/** One field as an engine found it, with its own confidence (0–1). */
export interface Found {
  value: string;
  confidence: number;
}

export type FoundFields = Partial<Record<FieldName, Found>>;

/**
 * The fields an engine found, put together: the document is an invoice or receipt when at
 * least two of number, date and total were found, else `other` with a low confidence.
 */
export function assemble(found: FoundFields, kindHint: "invoice" | "receipt", engine: Engine): Fields {
  const fields: Fields = { confidence: 0, kind: "other", engine };
  const low: Partial<Record<FieldName, number>> = {};
  for (const name of fieldNames) {
    const field = found[name];
    if (!field) continue;
    fields[name] = field.value;
    if (field.confidence < lowConfidence) low[name] = round(field.confidence);
  }
  const core = [found.invoiceNumber, found.invoiceDate, found.total];
  const present = core.filter((field) => field !== undefined).length;
  const mean = core.reduce((sum, field) => sum + (field?.confidence ?? 0), 0) / core.length;
  if (present >= 2) {
    fields.kind = kindHint;
    fields.confidence = round(mean);
  } else {
    fields.confidence = round(Math.min(mean, 0.2));
  }
  if (Object.keys(low).length > 0) fields.lowConfidence = low;
  return fields;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
