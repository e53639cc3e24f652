// The local engine's field parser: reads vendor, number, dates, total and currency from a
// document's text (a PDF's text layer or OCR), by the labels common English and German
// invoices and receipts use.
import { amountsIn, currencyIn } from "./amount";
import { datesIn } from "./date";
import type { Found, FoundFields } from "./fields";

export interface Parsed {
  found: FoundFields;
  /** What the document calls itself, when it says. */
  kind?: "invoice" | "receipt";
}

const numberLabel =
  /\b(?:invoice|inv|rechnungs?|receipt|beleg|quittung|bon|order|bestell)\s*[-.]?\s*(?:no\b\.?|nr\b\.?|num(?:ber|mer)?\b\.?|#|id\b)\s*[:.#]?\s*([A-Z0-9][A-Z0-9\-/._]*\d[A-Z0-9\-/._]*|\d[A-Z0-9\-/._]*)/i;
const numberLabelAlone = /^\s*(?:no\.?|nr\.?|#)\s*[:.]?\s*([A-Z0-9][A-Z0-9\-/._]*\d[A-Z0-9\-/._]*)/i;

const dueLabel =
  /\b(?:due\s+date|payment\s+due|due\s+by|due\s+on|due|pay\s+by|f[äa]llig(?:keit|\s+am|\s+bis)?|zahlbar\s+bis|zahlungsziel)\b/i;
const invoiceDateLabel =
  /\b(?:invoice\s+date|date\s+of\s+invoice|date\s+of\s+issue|issue\s+date|receipt\s+date|rechnungsdatum|belegdatum|ausstellungsdatum)\b/i;
const dateLabel = /\b(?:date|datum|dated)\b/i;
const strongTotal =
  /\b(?:grand\s+total|total\s+due|amount\s+due|balance\s+due|total\s+amount|invoice\s+total|total\s+incl|gesamtbetrag|rechnungsbetrag|bruttobetrag|endbetrag|zu\s+zahlen|gesamtsumme|summe\s+brutto|total\s+to\s+pay)\b/i;
const total = /\b(?:total|gesamt|betrag|summe|amount|zu zahlen)\b/i;
const notTotal =
  /\b(?:sub\s*-?\s*total|zwischensumme|netto|net|nettobetrag|total\s+net|excl|exkl|ohne|tax\s+rate|items?|artikel)\b|^\s*(?:vat|mwst|ust|tax|steuer)\b/i;
const vendorLabel =
  /^\s*(?:from|vendor|seller|supplier|sold\s+by|issued\s+by|verk[äa]ufer|lieferant|absender)\s*:\s*(.+)$/i;
const heading =
  /^\s*(?:tax\s+)?(?:invoice|receipt|rechnung|quittung|kassenbon|beleg|bill|sales\s+receipt|page\b|seite\b)\b/i;

export function parseFields(text: string): Parsed {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .filter((line) => line !== "");
  const found: FoundFields = {};
  const number = findNumber(lines);
  if (number) found.invoiceNumber = number;
  const { invoiceDate, dueDate } = findDates(lines);
  if (invoiceDate) found.invoiceDate = invoiceDate;
  if (dueDate) found.dueDate = dueDate;
  const totalFound = findTotal(lines);
  if (totalFound) found.total = totalFound.total;
  const currency = (totalFound && currencyIn(totalFound.line)) ?? currencyIn(lines.join("\n"));
  if (currency) {
    const sure = totalFound && currencyIn(totalFound.line) ? currency.confidence : currency.confidence - 0.1;
    found.currency = { value: currency.code, confidence: sure };
  }
  const vendor = findVendor(lines);
  if (vendor) found.vendor = vendor;
  return { found, kind: kindOf(text) };
}

function kindOf(text: string): "invoice" | "receipt" | undefined {
  if (/\b(?:invoice|rechnung|faktura)\b/i.test(text)) return "invoice";
  if (/\b(?:receipt|quittung|kassenbon|kassenbeleg|bon)\b/i.test(text)) return "receipt";
  return undefined;
}

function findNumber(lines: string[]): Found | undefined {
  for (const [index, line] of lines.entries()) {
    const labelled = numberLabel.exec(line);
    if (labelled) return { value: trimToken(labelled[1]!), confidence: 0.95 };
    // "Invoice" on one line and "No. 123" on the next, or a "Nr." column.
    const alone = numberLabelAlone.exec(line);
    if (alone && index > 0) return { value: trimToken(alone[1]!), confidence: 0.75 };
  }
  // A label in one line, the value alone on the next ("Invoice number" ⏎ "INV-1").
  for (const [index, line] of lines.entries()) {
    if (/\b(?:invoice|rechnungs?)\s*(?:no\.?|nr\.?|number|nummer|#)\s*:?$/i.test(line)) {
      const next = lines[index + 1]?.split(" ")[0];
      if (next && /\d/.test(next)) return { value: trimToken(next), confidence: 0.8 };
    }
  }
  return undefined;
}

function trimToken(token: string): string {
  return token.replace(/[.,:;]+$/, "");
}

function findDates(lines: string[]): { invoiceDate?: Found; dueDate?: Found } {
  let invoiceDate: Found | undefined;
  let labelled: Found | undefined;
  let dueDate: Found | undefined;
  let first: Found | undefined;
  for (const line of lines) {
    const dates = datesIn(line);
    if (dates.length === 0) continue;
    const due = dueLabel.exec(line);
    for (const date of dates) {
      const isDue =
        due !== null && due.index < date.index && !dates.some((d) => d.index > due.index && d.index < date.index);
      if (isDue) {
        dueDate ??= { value: date.iso, confidence: 0.9 * date.confidence };
        continue;
      }
      const before = line.slice(0, date.index);
      if (invoiceDateLabel.test(before)) invoiceDate ??= { value: date.iso, confidence: 0.95 * date.confidence };
      else if (dateLabel.test(before)) labelled ??= { value: date.iso, confidence: 0.9 * date.confidence };
      else first ??= { value: date.iso, confidence: 0.6 * date.confidence };
    }
  }
  return { invoiceDate: invoiceDate ?? labelled ?? first, dueDate };
}

function findTotal(lines: string[]): { total: Found; line: string } | undefined {
  let best: { total: Found; line: string; rank: number; amount: number } | undefined;
  for (const [index, line] of lines.entries()) {
    const strong = strongTotal.test(line);
    if (!strong && (!total.test(line) || notTotal.test(line))) continue;
    let amounts = amountsIn(line.replace(/\d+(?:[.,]\d+)?\s?%/g, ""));
    let where = line;
    // The amount may stand on the next line under its label.
    if (amounts.length === 0 && lines[index + 1]) {
      where = lines[index + 1]!;
      amounts = datesIn(where).length ? [] : amountsIn(where);
    }
    const amount = amounts.at(-1);
    if (amount === undefined || amount.startsWith("-")) continue;
    const rank = strong ? 2 : 1;
    const value = Number(amount);
    if (!best || rank > best.rank || (rank === best.rank && value > best.amount)) {
      best = {
        total: { value: amount, confidence: strong ? 0.95 : 0.85 },
        line: where === line ? line : `${line} ${where}`,
        rank,
        amount: value,
      };
    }
  }
  if (best) return { total: best.total, line: best.line };
  return undefined;
}

function findVendor(lines: string[]): Found | undefined {
  for (const line of lines) {
    const labelled = vendorLabel.exec(line);
    if (labelled) return { value: labelled[1]!.trim(), confidence: 0.85 };
  }
  // Otherwise the letterhead: the first line that is a name, not a heading, a date or an amount.
  for (const line of lines.slice(0, 8)) {
    if (heading.test(line) || !/\p{L}{2}/u.test(line)) continue;
    if (datesIn(line).length > 0 || numberLabel.test(line) || total.test(line) || dateLabel.test(line)) continue;
    if (/@|www\.|https?:|\+?\d[\d ()/-]{6,}/.test(line)) continue;
    return { value: line.replace(/\s*[,|].*$/, "").trim(), confidence: 0.6 };
  }
  return undefined;
}
