// Invoice and receipt fields end to end on the shared stack: uploaded, scanned, processed,
// and the fields read from the document are on the upload the API returns.
import { expectError, newUser } from "@intake/testing/api";
import { textImage, textPdf } from "@intake/testing/corpus/invoices";
import { send, settled } from "@intake/testing/scan";
import { describe, expect, it } from "vitest";

const pdfInvoice = { purpose: "invoice", filename: "invoice.pdf", contentType: "application/pdf" } as const;
const pngReceipt = { purpose: "receipt", filename: "receipt.png", contentType: "image/png" } as const;
const pdfStatement = { purpose: "statement", filename: "statement.pdf", contentType: "application/pdf" } as const;

async function through(file: typeof pdfInvoice | typeof pngReceipt | typeof pdfStatement, body: Uint8Array) {
  const { api, sub } = await newUser();
  const sent = await send(api, sub, { ...file, body: Buffer.from(body) });
  return settled(api, sent.uploadId, 90_000);
}

async function sentBy(file: typeof pdfInvoice | typeof pdfStatement, body: Uint8Array) {
  const owner = await newUser();
  const sent = await send(owner.api, owner.sub, { ...file, body: Buffer.from(body) });
  return { owner, upload: await settled(owner.api, sent.uploadId, 90_000) };
}

const fieldsOf = (upload: Awaited<ReturnType<typeof through>>) =>
  upload.processing && "fields" in upload.processing ? upload.processing.fields : undefined;

describe("invoice and receipt fields", { timeout: 120_000 }, () => {
  it("a text-layer invoice PDF ends ready with its vendor, number, dates, total and currency", async () => {
    const pdf = await textPdf([
      [
        "Northwind Traders GmbH",
        "Rechnung",
        "Rechnungsnummer: RE-2024-0815",
        "Rechnungsdatum: 05.03.2024",
        "Fällig bis: 04.04.2024",
        "Gesamtbetrag 1.190,00 EUR",
      ],
    ]);
    const upload = await through(pdfInvoice, pdf);
    expect(upload.status).toBe("ready");
    expect(fieldsOf(upload)).toMatchObject({
      vendor: "Northwind Traders GmbH",
      invoiceNumber: "RE-2024-0815",
      invoiceDate: "2024-03-05",
      dueDate: "2024-04-04",
      total: "1190.00",
      currency: "EUR",
      kind: "invoice",
      engine: "local",
    });
  });

  it("a receipt image ends ready with the fields read by OCR", async () => {
    const png = await textImage([
      "CORNER CAFE",
      "Receipt No. 4711",
      "Date: 2024-03-05",
      "Latte 3.80",
      "TOTAL EUR 6.20",
    ]);
    const upload = await through(pngReceipt, png);
    expect(upload.status).toBe("ready");
    expect(fieldsOf(upload)).toMatchObject({
      vendor: "CORNER CAFE",
      invoiceNumber: "4711",
      invoiceDate: "2024-03-05",
      total: "6.20",
      currency: "EUR",
      kind: "receipt",
    });
  });

  it("a PDF that is not an invoice, uploaded as one, is kind other with a low confidence", async () => {
    const upload = await through(
      pdfInvoice,
      await textPdf([["Dear Ms Smith,", "thank you for your letter.", "Kind regards"]]),
    );
    expect(upload.status).toBe("ready");
    expect(fieldsOf(upload)).toMatchObject({ kind: "other" });
    expect(fieldsOf(upload)?.confidence).toBeLessThanOrEqual(0.2);
  });

  it("a statement gets no fields", async () => {
    const upload = await through(pdfStatement, await textPdf([["Statement", "Total 10.00 EUR", "Invoice No. 5"]]));
    expect(upload.status).toBe("ready");
    expect(fieldsOf(upload)).toBeUndefined();
  });

  it("the owner's correction is kept beside the extraction; another user's is NOT_FOUND", async () => {
    const pdf = await textPdf([
      ["Contoso Ltd", "Invoice No. 7781", "Invoice Date: 5 March 2024", "Total due GBP 360.00"],
    ]);
    const { owner, upload } = await sentBy(pdfInvoice, pdf);
    expect(upload.status).toBe("ready");
    const other = await newUser();
    await expectError(
      other.api.upload.updateFields.mutate({ uploadId: upload.uploadId, fields: { total: "1.00" } }),
      "NOT_FOUND",
    );

    const corrected = await owner.api.upload.updateFields.mutate({
      uploadId: upload.uploadId,
      fields: { vendor: "Contoso Limited", total: "365.00" },
    });
    expect(corrected.processing).toMatchObject({
      fields: { vendor: "Contoso Ltd", invoiceNumber: "7781", total: "360.00" },
      correction: { vendor: "Contoso Limited", total: "365.00" },
    });
    const again = await owner.api.upload.get.query({ uploadId: upload.uploadId });
    expect(again.processing && "correction" in again.processing && again.processing.correction).toMatchObject({
      vendor: "Contoso Limited",
      total: "365.00",
    });
  });

  it("a statement's fields cannot be corrected", async () => {
    const { owner, upload } = await sentBy(pdfStatement, await textPdf([["Statement"]]));
    await expectError(
      owner.api.upload.updateFields.mutate({ uploadId: upload.uploadId, fields: { total: "1.00" } }),
      "CONFLICT",
      "INVALID_STATE",
    );
  });
});
