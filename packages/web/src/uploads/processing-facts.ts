// What processing found, in words: a one-line summary for lists, and the full record for review.
import type { UploadInfo } from "../trpc";

type Processing = NonNullable<UploadInfo["processing"]>;

/** "3 pages", "1200 × 800 px", or nothing when processing read neither. */
export function documentSummary(processing: Processing | undefined): string | undefined {
  const metadata = processing?.metadata;
  if (!metadata) return undefined;
  const parts: string[] = [];
  if (metadata.pageCount) parts.push(`${metadata.pageCount} ${metadata.pageCount === 1 ? "page" : "pages"}`);
  if (metadata.width && metadata.height) parts.push(`${metadata.width} × ${metadata.height} px`);
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

type Fields = NonNullable<Extract<Processing, { disarm: unknown }>["fields"]>;

export const notRecognised = "Not recognised as an invoice";

function fieldsOf(processing: Processing | undefined): Fields | undefined {
  return processing && "fields" in processing ? processing.fields : undefined;
}

/** An invoice's or receipt's vendor, total and date for a list ("Acme Ltd · EUR 1190.00 · 2024-03-05"). */
export function invoiceSummary(processing: Processing | undefined): string | undefined {
  const fields = fieldsOf(processing);
  if (!fields) return undefined;
  if (fields.kind === "other") return notRecognised;
  const total = fields.total && [fields.currency, fields.total].filter(Boolean).join(" ");
  const parts = [fields.vendor, total, fields.invoiceDate].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

/** The fields read from an invoice, as label and value, each marked when the engine was unsure of it. */
export function fieldRows(processing: Processing | undefined): [string, string | undefined][] {
  const fields = fieldsOf(processing);
  if (!fields) return [];
  const low = fields.lowConfidence ?? {};
  const marked = (name: keyof typeof low, value: string | undefined) =>
    value && low[name] !== undefined ? `${value} (unsure: ${Math.round(low[name]! * 100)} %)` : value;
  const kind = { invoice: "Invoice", receipt: "Receipt", other: notRecognised }[fields.kind];
  return [
    ["Recognised as", `${kind} (confidence ${Math.round(fields.confidence * 100)} %, ${fields.engine})`],
    ["Vendor", marked("vendor", fields.vendor)],
    ["Invoice number", marked("invoiceNumber", fields.invoiceNumber)],
    ["Invoice date", marked("invoiceDate", fields.invoiceDate)],
    ["Due date", marked("dueDate", fields.dueDate)],
    ["Total", marked("total", fields.total)],
    ["Currency", marked("currency", fields.currency)],
  ];
}

/** Every fact processing recorded, as label and value, for the admin review. */
export function processingRows(processing: Processing | undefined): [string, string | undefined][] {
  if (!processing) return [["Processing", "Not processed yet"]];
  const { metadata } = processing;
  const disarm =
    "disarm" in processing
      ? processing.disarm === "reencoded"
        ? `Re-encoded${processing.removed?.length ? `; removed ${processing.removed.join(", ")}` : ", nothing to remove"}`
        : "Parsed and checked: nothing that runs"
      : undefined;
  const refused = "found" in processing ? processing.found?.join(", ") : undefined;
  return [
    ["Processing", disarm],
    ["Active content", refused],
    ["Problem", "detail" in processing ? processing.detail : undefined],
    ["Pages", metadata.pageCount?.toString()],
    ["Dimensions", metadata.width && metadata.height ? `${metadata.width} × ${metadata.height} px` : undefined],
    ["Embedded title", metadata.title],
    ["Embedded author", metadata.author],
    ["Language", metadata.language],
    ["Document date", metadata.documentDate],
    ...fieldRows(processing),
  ];
}
