// The AWS engine's mapping: AnalyzeExpense and GetExpenseAnalysis responses, written here in
// the shape the Textract API reference documents (ExpenseDocuments → SummaryFields with Type,
// LabelDetection, ValueDetection, Currency, GroupProperties), turned into the same fields the
// local engine gives. There is no AWS here: the calls themselves are not exercised.
import type { AnalyzeExpenseResponse, ExpenseField, GetExpenseAnalysisResponse } from "@aws-sdk/client-textract";
import { describe, expect, it } from "vitest";
import { assemble } from "../../src/fields/fields";
import { fromExpenseDocuments } from "../../src/fields/textract-map";

const box = { Width: 0.3, Height: 0.02, Left: 0.1, Top: 0.1 };
const geometry = {
  BoundingBox: box,
  Polygon: [
    { X: 0.1, Y: 0.1 },
    { X: 0.4, Y: 0.1 },
    { X: 0.4, Y: 0.12 },
    { X: 0.1, Y: 0.12 },
  ],
};

function summary(type: string, value: string, confidence = 99, extra: Partial<ExpenseField> = {}): ExpenseField {
  return {
    Type: { Text: type, Confidence: confidence },
    LabelDetection:
      type === "VENDOR_NAME" ? undefined : { Text: `${type}:`, Confidence: confidence, Geometry: geometry },
    ValueDetection: { Text: value, Confidence: confidence, Geometry: geometry },
    PageNumber: 1,
    ...extra,
  };
}

const analyzeExpense: AnalyzeExpenseResponse = {
  DocumentMetadata: { Pages: 1 },
  ExpenseDocuments: [
    {
      ExpenseIndex: 1,
      SummaryFields: [
        summary("VENDOR_NAME", "Northwind Traders GmbH", 98.5, { GroupProperties: [{ Types: ["VENDOR"], Id: "g1" }] }),
        summary("ADDRESS", "Hauptstraße 1 10115 Berlin", 97, { GroupProperties: [{ Types: ["VENDOR"], Id: "g1" }] }),
        summary("INVOICE_RECEIPT_ID", "RE-2024-0815", 99.2),
        summary("INVOICE_RECEIPT_DATE", "05.03.2024", 98.9),
        summary("DUE_DATE", "04.04.2024", 97.5),
        summary("SUBTOTAL", "1.000,00 €", 96),
        summary("TAX", "190,00 €", 95),
        summary("TOTAL", "1.190,00 €", 99.5, { Currency: { Code: "EUR", Confidence: 97.4 } }),
      ],
      LineItemGroups: [
        {
          LineItemGroupIndex: 1,
          LineItems: [
            {
              LineItemExpenseFields: [summary("ITEM", "Widgets", 95), summary("PRICE", "1.000,00", 95)],
            },
          ],
        },
      ],
      Blocks: [],
    },
  ],
};

describe("Textract's summary fields", () => {
  it("turn a documented AnalyzeExpense response into the invoice's fields", () => {
    const fields = assemble(fromExpenseDocuments(analyzeExpense.ExpenseDocuments!), "invoice", "textract");
    expect(fields).toEqual({
      vendor: "Northwind Traders GmbH",
      invoiceNumber: "RE-2024-0815",
      invoiceDate: "2024-03-05",
      dueDate: "2024-04-04",
      total: "1190.00",
      currency: "EUR",
      kind: "invoice",
      confidence: 0.99,
      engine: "textract",
    });
  });

  it("read a multi-page GetExpenseAnalysis result, with the most confident of each field", () => {
    const pages: GetExpenseAnalysisResponse = {
      JobStatus: "SUCCEEDED",
      DocumentMetadata: { Pages: 2 },
      AnalyzeExpenseModelVersion: "1.0",
      ExpenseDocuments: [
        {
          ExpenseIndex: 1,
          SummaryFields: [
            summary("VENDOR_NAME", "Contoso Ltd", 96),
            summary("INVOICE_RECEIPT_ID", "7781", 99),
            summary("INVOICE_RECEIPT_DATE", "March 5, 2024", 98),
          ],
        },
        {
          ExpenseIndex: 2,
          SummaryFields: [
            summary("SUBTOTAL", "£300.00", 97, { PageNumber: 2 }),
            summary("TOTAL", "£360.00", 98, { PageNumber: 2 }),
          ],
        },
      ],
    };
    expect(assemble(fromExpenseDocuments(pages.ExpenseDocuments!), "invoice", "textract")).toMatchObject({
      vendor: "Contoso Ltd",
      invoiceNumber: "7781",
      invoiceDate: "2024-03-05",
      total: "360.00",
      currency: "GBP",
      kind: "invoice",
    });
  });

  it("mark fields Textract is unsure of, and take AMOUNT_DUE when there is no TOTAL", () => {
    const fields = assemble(
      fromExpenseDocuments([
        {
          SummaryFields: [
            summary("VENDOR_NAME", "CORNER CAFE", 62),
            summary("INVOICE_RECEIPT_ID", "4711", 91),
            summary("AMOUNT_DUE", "$6.20", 95),
          ],
        },
      ]),
      "receipt",
      "textract",
    );
    expect(fields).toMatchObject({
      vendor: "CORNER CAFE",
      invoiceNumber: "4711",
      total: "6.20",
      currency: "USD",
      kind: "receipt",
    });
    expect(fields.lowConfidence).toEqual({ vendor: 0.62, currency: 0.7 });
  });

  it("classify a document without an id, a date or a total as other", () => {
    const fields = assemble(
      fromExpenseDocuments([
        { SummaryFields: [summary("VENDOR_NAME", "Some Letterhead", 80), summary("OTHER", "Dear Ms Smith", 70)] },
      ]),
      "invoice",
      "textract",
    );
    expect(fields).toMatchObject({ kind: "other", vendor: "Some Letterhead" });
    expect(fields.confidence).toBeLessThanOrEqual(0.2);
  });
});
