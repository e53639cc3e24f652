// What My uploads and the admin review say about an invoice's fields.
import { describe, expect, it } from "vitest";
import { fieldRows, invoiceSummary, processingRows } from "../src/uploads/processing-facts";

const processed = (fields?: Record<string, unknown>) =>
  ({ disarm: "checked", metadata: { pageCount: 1 }, ...(fields ? { fields } : {}) }) as Parameters<
    typeof invoiceSummary
  >[0];

const invoice = {
  vendor: "Northwind Traders GmbH",
  invoiceNumber: "RE-2024-0815",
  invoiceDate: "2024-03-05",
  total: "1190.00",
  currency: "EUR",
  kind: "invoice",
  confidence: 0.9,
  engine: "local",
  lowConfidence: { vendor: 0.6 },
};

describe("invoice fields in the SPA", () => {
  it("My uploads shows vendor, total and date", () => {
    expect(invoiceSummary(processed(invoice))).toBe("Northwind Traders GmbH · EUR 1190.00 · 2024-03-05");
  });

  it("says when a document was not recognised as an invoice", () => {
    expect(invoiceSummary(processed({ kind: "other", confidence: 0.1, engine: "local" }))).toBe(
      "Not recognised as an invoice",
    );
  });

  it("shows nothing for an upload without fields", () => {
    expect(invoiceSummary(processed())).toBeUndefined();
    expect(fieldRows(processed())).toEqual([]);
  });

  it("the review lists every field and marks the ones the engine was unsure of", () => {
    const rows = Object.fromEntries(processingRows(processed(invoice)));
    expect(rows).toMatchObject({
      "Recognised as": "Invoice (confidence 90 %, local)",
      Vendor: "Northwind Traders GmbH (unsure: 60 %)",
      "Invoice number": "RE-2024-0815",
      Total: "1190.00",
      Currency: "EUR",
    });
  });
});
