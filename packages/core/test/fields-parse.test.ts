// The local engine's field parser on invoice and receipt text as a text layer or OCR gives it:
// English and German labels, both decimal separators, ISO and written dates, symbols and codes.
import { describe, expect, it } from "vitest";
import { amountsIn, currencyIn, normaliseAmount } from "../src/fields/amount";
import { datesIn } from "../src/fields/date";
import { assemble } from "../src/fields/fields";
import { parseFields } from "../src/fields/parse";
import { needsReview } from "../src/fields/review";

const values = (text: string) =>
  Object.fromEntries(Object.entries(parseFields(text).found).map(([name, found]) => [name, found.value]));

describe("amounts", () => {
  it.each([
    ["1,234.50", "1234.50"],
    ["1.234,50", "1234.50"],
    ["1 234,50", "1234.50"],
    ["1'234.50", "1234.50"],
    ["12,00", "12.00"],
    ["99.9", "99.9"],
    ["1,234", "1234"],
    ["1.234.567,89", "1234567.89"],
    ["250", "250"],
    ["0.50", "0.50"],
  ])("%s is %s", (written, amount) => expect(normaliseAmount(written)).toBe(amount));

  it("reads every amount on a line but no date as an amount", () => {
    expect(amountsIn("Total 05.03.2024 EUR 1.190,00")).toEqual(["1190.00"]);
    expect(amountsIn("2 x 3,50 = 7,00")).toEqual(["2", "3.50", "7.00"]);
  });

  it("knows currencies by code before symbol", () => {
    expect(currencyIn("Total: 12,00 €")?.code).toBe("EUR");
    expect(currencyIn("Total £8.20")?.code).toBe("GBP");
    expect(currencyIn("Amount CHF 40.00")?.code).toBe("CHF");
    expect(currencyIn("Total USD 10")?.code).toBe("USD");
    expect(currencyIn("Total $10")).toEqual({ code: "USD", confidence: 0.7 });
    expect(currencyIn("Total 10")).toBeUndefined();
  });
});

describe("dates", () => {
  it.each([
    ["2024-03-05", "2024-03-05"],
    ["05.03.2024", "2024-03-05"],
    ["5.3.24", "2024-03-05"],
    ["5 March 2024", "2024-03-05"],
    ["5th March 2024", "2024-03-05"],
    ["March 5, 2024", "2024-03-05"],
    ["Mar 5, 2024", "2024-03-05"],
    ["5. März 2024", "2024-03-05"],
    ["12. Dezember 2023", "2023-12-12"],
    ["25/12/2024", "2024-12-25"],
    ["12/25/2024", "2024-12-25"],
  ])("%s is %s", (written, iso) => expect(datesIn(`on ${written} ok`).map((d) => d.iso)).toEqual([iso]));

  it("guesses day first in an ambiguous slashed date, less surely", () => {
    expect(datesIn("05/03/2024")).toEqual([{ iso: "2024-03-05", index: 0, confidence: 0.6 }]);
  });

  it("refuses dates that do not exist", () => {
    expect(datesIn("31.02.2024 and 2024-13-01")).toEqual([]);
  });
});

describe("fields from English and German layouts", () => {
  it("reads a plain English invoice", () => {
    const text = `ACME Supplies Ltd
12 High Street, London
INVOICE
Invoice No: INV-2024-0042
Invoice Date: 5 March 2024
Due Date: 4 April 2024
Widgets 2 x 500.00 1,000.00
Subtotal 1,000.00
VAT 20% 200.00
Total GBP 1,200.00`;
    expect(values(text)).toEqual({
      vendor: "ACME Supplies Ltd",
      invoiceNumber: "INV-2024-0042",
      invoiceDate: "2024-03-05",
      dueDate: "2024-04-04",
      total: "1200.00",
      currency: "GBP",
    });
    expect(parseFields(text).kind).toBe("invoice");
  });

  it("reads a German Rechnung with comma decimals", () => {
    const text = `Müller & Söhne GmbH
Hauptstraße 1, 10115 Berlin
Rechnung
Rechnungsnr.: 2024/117
Rechnungsdatum: 05.03.2024
Fällig am: 19.03.2024
Nettobetrag 1.000,00 €
MwSt. 19 % 190,00 €
Gesamtbetrag 1.190,00 €`;
    expect(values(text)).toEqual({
      vendor: "Müller & Söhne GmbH",
      invoiceNumber: "2024/117",
      invoiceDate: "2024-03-05",
      dueDate: "2024-03-19",
      total: "1190.00",
      currency: "EUR",
    });
  });

  it("reads a US invoice with the date written month first and a # number", () => {
    const text = `Bright Ideas Inc.
Invoice # 10023
Date: March 5, 2024
Payment due: April 4, 2024
Subtotal $1,500.00
Tax $120.00
Amount Due $1,620.00`;
    expect(values(text)).toMatchObject({
      vendor: "Bright Ideas Inc.",
      invoiceNumber: "10023",
      invoiceDate: "2024-03-05",
      dueDate: "2024-04-04",
      total: "1620.00",
      currency: "USD",
    });
  });

  it("reads a till receipt: the total, not the cash given or the change", () => {
    const text = `CORNER CAFE
Receipt No. 4711
2024-03-05 08:14
Latte 3.80
Croissant 2.40
TOTAL EUR 6.20
CASH 10.00
CHANGE 3.80`;
    const parsed = parseFields(text);
    expect(values(text)).toEqual({
      vendor: "CORNER CAFE",
      invoiceNumber: "4711",
      invoiceDate: "2024-03-05",
      total: "6.20",
      currency: "EUR",
    });
    expect(parsed.kind).toBe("receipt");
    expect(parsed.found.invoiceDate?.confidence).toBeLessThan(0.8);
  });

  it("reads a German Kassenbon with Summe and Bon-Nr.", () => {
    const text = `Bäckerei Schmidt
Bon-Nr. 0815
Datum: 12.12.2023
Brötchen 4 x 0,45 1,80
Summe EUR 1,80
MwSt 7% 0,12`;
    expect(values(text)).toMatchObject({
      invoiceNumber: "0815",
      invoiceDate: "2023-12-12",
      total: "1.80",
      currency: "EUR",
    });
  });

  it("reads labels whose values stand on the next line", () => {
    const text = `Nordic Parts AB
Invoice number
SE-778
Invoice Date: 2024-01-31
Total amount
SEK 12 500,00`;
    expect(values(text)).toMatchObject({ invoiceNumber: "SE-778", total: "12500.00", currency: "SEK" });
  });

  it("takes the vendor from a From: line over the letterhead", () => {
    expect(values("INVOICE\nFrom: Example Services LLC\nInvoice No. 1\nTotal 5.00 USD").vendor).toBe(
      "Example Services LLC",
    );
  });

  it("finds nothing in a letter", () => {
    const text = `Dear Ms Smith,
thank you for your visit last week. We look forward to seeing you again.
Kind regards`;
    expect(parseFields(text).found).toMatchObject({});
    expect(parseFields(text).found.total).toBeUndefined();
    expect(parseFields(text).found.invoiceNumber).toBeUndefined();
  });
});

describe("classification", () => {
  it("is the purpose's kind with two of number, date and total, with the fields' confidence", () => {
    const fields = assemble(
      { invoiceNumber: { value: "1", confidence: 0.95 }, total: { value: "5.00", confidence: 0.95 } },
      "invoice",
      "local",
    );
    expect(fields).toMatchObject({ kind: "invoice", invoiceNumber: "1", total: "5.00", engine: "local" });
    expect(fields.lowConfidence).toBeUndefined();
  });

  it("is other, with a low confidence, with no amount, number or date", () => {
    const fields = assemble(parseFields("Dear Ms Smith,\nthank you for your letter.").found, "invoice", "local");
    expect(fields.kind).toBe("other");
    expect(fields.confidence).toBeLessThanOrEqual(0.2);
  });

  it("marks the fields found with a low confidence", () => {
    const fields = assemble(parseFields("CAFE\nReceipt No. 9\n2024-03-05\nTotal 3.00 EUR").found, "receipt", "local");
    expect(fields.kind).toBe("receipt");
    expect(fields.lowConfidence).toEqual({ invoiceDate: 0.6, vendor: 0.6 });
  });
});

describe("what an unrecognised invoice leads to", () => {
  it("review: an admin looks at a document that is not an invoice; invoices go on", () => {
    expect(needsReview({ kind: "other" }, "review")).toBe(true);
    expect(needsReview({ kind: "invoice" }, "review")).toBe(false);
    expect(needsReview(undefined, "review")).toBe(false);
  });

  it("accept: it is ready like any other, shown as not recognised", () => {
    expect(needsReview({ kind: "other" }, "accept")).toBe(false);
  });
});
