// Invoice fields: accuracy per field and time per document for the local engine, over a
// corpus generated here (invoices and receipts from varied templates, amounts, dates and
// languages), each as a text-layer PDF and as a scan-like image (200–300 dpi, slight
// rotation, noise, PNG or JPEG). Textract needs AWS and is not measured here.
//   npx tsx bench/fields.ts [--count 40]
import { localFields as fields } from "@intake/core/fields/local";
import { stop as stopOcr } from "@intake/core/fields/ocr";
import { inspectPdf } from "@intake/core/process/pdf/index";
import { scanLike, textPdf } from "@intake/testing/corpus/invoices";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { count: { type: "string", default: "40" } } });
const count = Number(values.count);
const limits = { timeoutMs: 60_000, memoryMb: 512, maxPixels: 100_000_000 };

let seed = 12345;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

interface Truth {
  invoiceNumber: string;
  invoiceDate: string;
  total: string;
  currency: string;
  vendor: string;
}

const vendors = [
  "Northwind Traders GmbH",
  "Contoso Ltd",
  "Fabrikam Inc.",
  "Müller & Söhne KG",
  "Blue Yonder Cafe",
  "Tailspin Toys",
];
const monthsEn = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const monthsDe = [
  "Januar",
  "Februar",
  "März",
  "April",
  "Mai",
  "Juni",
  "Juli",
  "August",
  "September",
  "Oktober",
  "November",
  "Dezember",
];

const pad = (n: number) => String(n).padStart(2, "0");
const group = (whole: number, sep: string) => String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, sep);

function document(index: number): { lines: string[]; truth: Truth; purpose: "invoice" | "receipt" } {
  const [y, m, d] = [2023 + Math.floor(random() * 3), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28)];
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  const cents = Math.floor(random() * 100);
  const whole = Math.floor(random() * (random() < 0.5 ? 100 : 20_000));
  const total = `${whole}.${pad(cents)}`;
  const vendor = pick(vendors);
  const number = pick([`INV-${y}-${1000 + index}`, `${40000 + index}`, `RE/${y}/${index + 7}`, `A${index}${cents}`]);
  const template = index % 5;
  if (template === 0) {
    const written = pick([`${d} ${monthsEn[m - 1]} ${y}`, iso]);
    return {
      purpose: "invoice",
      truth: { invoiceNumber: number, invoiceDate: iso, total, currency: "GBP", vendor },
      lines: [
        vendor,
        "INVOICE",
        `Invoice No: ${number}`,
        `Invoice Date: ${written}`,
        `Subtotal ${group(whole, ",")}.${pad(cents)}`,
        `Total GBP ${group(whole, ",")}.${pad(cents)}`,
      ],
    };
  }
  if (template === 1) {
    const written = pick([`${pad(d)}.${pad(m)}.${y}`, `${d}. ${monthsDe[m - 1]} ${y}`]);
    return {
      purpose: "invoice",
      truth: { invoiceNumber: number, invoiceDate: iso, total, currency: "EUR", vendor },
      lines: [
        vendor,
        "Rechnung",
        `Rechnungsnr.: ${number}`,
        `Rechnungsdatum: ${written}`,
        `MwSt 19 % ${group(Math.floor(whole * 0.16), ".")},00 €`,
        `Gesamtbetrag ${group(whole, ".")},${pad(cents)} €`,
      ],
    };
  }
  if (template === 2) {
    return {
      purpose: "invoice",
      truth: { invoiceNumber: number, invoiceDate: iso, total, currency: "USD", vendor },
      lines: [
        vendor,
        `Invoice # ${number}`,
        `Date: ${monthsEn[m - 1]} ${d}, ${y}`,
        `Tax $${Math.floor(whole / 10)}.00`,
        `Amount Due $${group(whole, ",")}.${pad(cents)}`,
      ],
    };
  }
  if (template === 3) {
    return {
      purpose: "receipt",
      truth: { invoiceNumber: number, invoiceDate: iso, total, currency: "EUR", vendor: vendor.toUpperCase() },
      lines: [
        vendor.toUpperCase(),
        `Receipt No. ${number}`,
        `Date: ${iso}`,
        "Coffee 3.80",
        `TOTAL EUR ${whole}.${pad(cents)}`,
        "CASH 100000.00",
      ],
    };
  }
  return {
    purpose: "receipt",
    truth: { invoiceNumber: number, invoiceDate: iso, total, currency: "CHF", vendor },
    lines: [vendor, `Beleg-Nr. ${number}`, `Datum: ${pad(d)}.${pad(m)}.${y}`, `Summe CHF ${whole}.${pad(cents)}`],
  };
}

async function scanned(lines: string[], index: number): Promise<{ bytes: Uint8Array; type: string }> {
  const format = index % 2 === 0 ? "png" : "jpeg";
  const bytes = await scanLike(lines, { dpi: pick([200, 250, 300]), rotate: (random() - 0.5) * 3, format, random });
  return { bytes, type: `image/${format}` };
}

const names = ["invoiceNumber", "invoiceDate", "total", "currency", "vendor"] as const;
type Score = { right: Record<string, number>; ms: number[]; docs: number };
const score = (): Score => ({ right: Object.fromEntries(names.map((n) => [n, 0])), ms: [], docs: 0 });
const results = { "PDF (text layer)": score(), "image (OCR)": score() };
/** The same PDFs inspected without their text: what processing takes for a PDF that is not an invoice. */
const withoutFields: number[] = [];

for (let index = 0; index < count; index++) {
  const { lines, truth, purpose } = document(index);
  const pdf = await textPdf([lines]);
  let started = performance.now();
  await inspectPdf(pdf, limits);
  withoutFields.push(performance.now() - started);
  started = performance.now();
  const inspection = await inspectPdf(pdf, limits, { text: true });
  const text = inspection.result === "clean" ? inspection.text : undefined;
  const fromPdf = await fields({ bytes: pdf, contentType: "application/pdf", purpose, text, limits });
  results["PDF (text layer)"].ms.push(performance.now() - started);
  const image = await scanned(lines, index);
  started = performance.now();
  const fromImage = await fields({ bytes: image.bytes, contentType: image.type, purpose, limits });
  results["image (OCR)"].ms.push(performance.now() - started);
  for (const [mode, got] of [
    ["PDF (text layer)", fromPdf],
    ["image (OCR)", fromImage],
  ] as const) {
    const s = results[mode];
    s.docs++;
    for (const name of names) if (got[name] === truth[name]) s.right[name]!++;
    if (got.invoiceNumber !== truth.invoiceNumber || got.total !== truth.total || got.invoiceDate !== truth.invoiceDate)
      console.error(`${mode} #${index}: expected ${JSON.stringify(truth)} got ${JSON.stringify(got)}`);
  }
}
await stopOcr();

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;
console.log(`\n${count} documents, local engine\n`);
console.log(`| mode | ${names.join(" | ")} | p50 ms | p95 ms |`);
console.log(`|---|${names.map(() => "---|").join("")}---|---|`);
for (const [mode, s] of Object.entries(results)) {
  const pct = names.map((n) => `${((100 * s.right[n]!) / s.docs).toFixed(1)} %`);
  console.log(
    `| ${mode} | ${pct.join(" | ")} | ${quantile(s.ms, 0.5).toFixed(0)} | ${quantile(s.ms, 0.95).toFixed(0)} |`,
  );
}
console.log(
  `| PDF inspection alone (no fields) | | | | | | ${quantile(withoutFields, 0.5).toFixed(0)} | ${quantile(withoutFields, 0.95).toFixed(0)} |`,
);
console.log("\nTextract: not measured (needs AWS).");
