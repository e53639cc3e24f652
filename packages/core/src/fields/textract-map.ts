// Textract's expense analysis (AnalyzeExpense, GetExpenseAnalysis) turned into fields: the
// summary fields VENDOR_NAME, INVOICE_RECEIPT_ID, INVOICE_RECEIPT_DATE, DUE_DATE and TOTAL
// (AMOUNT_DUE when there is no TOTAL), each with the lower of Textract's confidences in its
// type and its value; the currency from the total's Currency, else from its text.
import type { ExpenseDocument, ExpenseField } from "@aws-sdk/client-textract";
import { amountsIn, currencyIn } from "./amount";
import { datesIn } from "./date";
import type { FieldName, Found, FoundFields } from "./fields";

const textFields: [string, FieldName][] = [
  ["VENDOR_NAME", "vendor"],
  ["INVOICE_RECEIPT_ID", "invoiceNumber"],
];
const dateFields: [string, FieldName][] = [
  ["INVOICE_RECEIPT_DATE", "invoiceDate"],
  ["DUE_DATE", "dueDate"],
];

export function fromExpenseDocuments(documents: ExpenseDocument[]): FoundFields {
  const summary = documents.flatMap((document) => document.SummaryFields ?? []);
  const found: FoundFields = {};
  for (const [type, name] of textFields) {
    const field = best(summary, type);
    const text = field?.ValueDetection?.Text?.replace(/\s+/g, " ").trim();
    if (field && text) found[name] = { value: text, confidence: confidenceOf(field) };
  }
  for (const [type, name] of dateFields) {
    const field = best(summary, type);
    const date = field?.ValueDetection?.Text ? datesIn(field.ValueDetection.Text)[0] : undefined;
    if (field && date) found[name] = { value: date.iso, confidence: confidenceOf(field) * date.confidence };
  }
  const total = best(summary, "TOTAL") ?? best(summary, "AMOUNT_DUE");
  const text = total?.ValueDetection?.Text;
  const amount = text ? amountsIn(text).at(-1) : undefined;
  if (total && amount) found.total = { value: amount, confidence: confidenceOf(total) };
  const currency = currencyOf(total, summary);
  if (currency) found.currency = currency;
  return found;
}

/** The most confident summary field of a type. */
function best(fields: ExpenseField[], type: string): ExpenseField | undefined {
  return fields
    .filter((field) => field.Type?.Text === type && field.ValueDetection?.Text)
    .sort((a, b) => confidenceOf(b) - confidenceOf(a))[0];
}

function confidenceOf(field: ExpenseField): number {
  return Math.min(field.Type?.Confidence ?? 100, field.ValueDetection?.Confidence ?? 0) / 100;
}

function currencyOf(total: ExpenseField | undefined, summary: ExpenseField[]): Found | undefined {
  const code = total?.Currency?.Code ?? summary.find((field) => field.Currency?.Code)?.Currency?.Code;
  if (code && /^[A-Z]{3}$/.test(code)) {
    return { value: code, confidence: (total?.Currency?.Confidence ?? 90) / 100 };
  }
  const written = total?.ValueDetection?.Text ? currencyIn(total.ValueDetection.Text) : undefined;
  return written ? { value: written.code, confidence: written.confidence } : undefined;
}
