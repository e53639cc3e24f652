// The local engine end to end: a PDF's text layer read in the sandboxed PDF worker, and OCR
// of receipt images, each through the field parser.
import { afterAll, describe, expect, it } from "vitest";
import { localFields as fields } from "../../src/fields/local";
import { stop as stopOcr } from "../../src/fields/ocr";
import { ProcessFault } from "../../src/process/inspection";
import { inspectPdf } from "../../src/process/pdf/index";
import { textImage, textPdf } from "@intake/testing/corpus/invoices";

const limits = { timeoutMs: 60_000, memoryMb: 256, maxPixels: 100_000_000 };

afterAll(() => stopOcr());

async function pdfFields(bytes: Uint8Array, purpose: "invoice" | "receipt" = "invoice") {
  const inspection = await inspectPdf(bytes, limits, { text: true });
  if (inspection.result !== "clean") throw new Error(`not clean: ${JSON.stringify(inspection)}`);
  return fields({ bytes, contentType: "application/pdf", purpose, text: inspection.text, limits });
}

describe("local engine", { timeout: 60_000 }, () => {
  it("reads an invoice PDF's fields from its text layer", async () => {
    const pdf = await textPdf([
      [
        "Northwind Traders GmbH",
        "Rechnung",
        "Rechnungsnummer: RE-2024-0815",
        "Rechnungsdatum: 05.03.2024",
        "Fällig bis: 04.04.2024",
        "Nettobetrag 1.000,00 EUR",
        "MwSt 19 % 190,00 EUR",
        "Gesamtbetrag 1.190,00 EUR",
      ],
    ]);
    expect(await pdfFields(pdf)).toEqual({
      vendor: "Northwind Traders GmbH",
      invoiceNumber: "RE-2024-0815",
      invoiceDate: "2024-03-05",
      dueDate: "2024-04-04",
      total: "1190.00",
      currency: "EUR",
      kind: "invoice",
      confidence: 0.95,
      lowConfidence: { vendor: 0.6 },
      engine: "local",
    });
  });

  it("finds the total on the last page of a longer invoice", async () => {
    const lines = ["Contoso Ltd", "Invoice No. 7781", "Invoice Date: 5 March 2024"];
    const items = Array.from({ length: 30 }, (_, i) => `Item ${i + 1} 10.00`);
    const pdf = await textPdf([
      lines,
      items.slice(0, 15),
      items.slice(15),
      ["Subtotal 300.00", "Total due GBP 360.00"],
    ]);
    expect(await pdfFields(pdf)).toMatchObject({
      invoiceNumber: "7781",
      total: "360.00",
      currency: "GBP",
      kind: "invoice",
    });
  });

  it("classifies a PDF that is not an invoice as other, with a low confidence", async () => {
    const pdf = await textPdf([["Dear Ms Smith,", "thank you for your letter of last week.", "Kind regards"]]);
    const result = await pdfFields(pdf);
    expect(result.kind).toBe("other");
    expect(result.confidence).toBeLessThanOrEqual(0.2);
  });

  it("classifies a PDF without a text layer (a scan, which is not rendered here) as other", async () => {
    expect(await pdfFields(await textPdf([[]]))).toMatchObject({ kind: "other", confidence: 0 });
  });

  it("reads a receipt image by OCR", async () => {
    const png = await textImage([
      "CORNER CAFE",
      "Receipt No. 4711",
      "Date: 2024-03-05",
      "Latte 3.80",
      "TOTAL EUR 6.20",
    ]);
    expect(await fields({ bytes: png, contentType: "image/png", purpose: "receipt", limits })).toMatchObject({
      vendor: "CORNER CAFE",
      invoiceNumber: "4711",
      invoiceDate: "2024-03-05",
      total: "6.20",
      currency: "EUR",
      kind: "receipt",
    });
  });

  it("reads a slightly rotated JPEG scan", async () => {
    const jpeg = await textImage(
      ["Fabrikam Inc.", "Invoice # 10023", "Date: March 5, 2024", "Subtotal $1,500.00", "Amount Due $1,620.00"],
      { format: "jpeg", rotate: 1, dpi: 300 },
    );
    expect(await fields({ bytes: jpeg, contentType: "image/jpeg", purpose: "invoice", limits })).toMatchObject({
      invoiceNumber: "10023",
      invoiceDate: "2024-03-05",
      total: "1620.00",
      currency: "USD",
      kind: "invoice",
    });
  });

  it("fails cleanly (a fault, retried) when OCR does not finish within the time limit", async () => {
    // A 30-megapixel photo of a receipt; a 1 ms limit stands for a slow machine.
    const big = await textImage(["BIG STORE", "Receipt No. 1", "Total EUR 1.00"], {
      width: 1584,
      height: 1188,
      dpi: 300,
    });
    await expect(
      fields({ bytes: big, contentType: "image/png", purpose: "receipt", limits: { ...limits, timeoutMs: 1 } }),
    ).rejects.toBeInstanceOf(ProcessFault);
  });

  it("reads a 30-megapixel image within the time limit", async () => {
    const big = await textImage(["BIG STORE", "Receipt No. 31", "Date: 2024-03-05", "Total EUR 12.00"], {
      width: 1584,
      height: 1188,
      dpi: 300,
    });
    expect(await fields({ bytes: big, contentType: "image/png", purpose: "receipt", limits })).toMatchObject({
      invoiceNumber: "31",
      total: "12.00",
    });
  });
});
