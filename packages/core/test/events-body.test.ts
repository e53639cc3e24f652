// The webhook body a receiver gets for a document: what the design lists, and for invoices
// and receipts the fields read from the document, so the receiver need not read it again.
import { describe, expect, it } from "vitest";
import { documentBody } from "../src/events/types";
import type { UploadItem } from "../src/upload/upload.entity";

const invoice = {
  uploadId: "upl_0123456789abcdef0123456789abcdef",
  ownerId: "alice",
  purpose: "invoice",
  status: "ready",
  filename: "march.pdf",
  contentType: "application/pdf",
  sizeBytes: 2048,
  stagingKey: "staging/alice/upl_0123456789abcdef0123456789abcdef.pdf",
  processing: {
    outcome: "clean",
    disarm: "checked",
    metadata: { pageCount: 1 },
    fields: {
      vendor: "Acme GmbH",
      invoiceNumber: "RE-2024-0042",
      invoiceDate: "2024-03-05",
      total: "1234.50",
      currency: "EUR",
      confidence: 0.93,
      kind: "invoice",
      engine: "local",
    },
  },
} as unknown as UploadItem;

describe("documentBody", () => {
  it("document.ready for an invoice carries its fields with the processing result", () => {
    const body = documentBody("document.ready", invoice, "2026-12-01T10:00:00.000Z");
    expect(body).toMatchObject({
      type: "document.ready",
      timestamp: "2026-12-01T10:00:00.000Z",
      data: {
        uploadId: invoice.uploadId,
        ownerId: "alice",
        purpose: "invoice",
        status: "ready",
        filename: "march.pdf",
        processing: {
          disarm: "checked",
          metadata: { pageCount: 1 },
          fields: { vendor: "Acme GmbH", invoiceNumber: "RE-2024-0042", total: "1234.50", currency: "EUR" },
        },
      },
    });
  });

  it("says nothing of storage: no keys in the body", () => {
    const body = JSON.stringify(documentBody("document.ready", invoice, "2026-12-01T10:00:00.000Z"));
    expect(body).not.toContain("staging/");
  });
});
