// What the extractor is given: one processed invoice or receipt.
export interface Document {
  bytes: Uint8Array;
  contentType: string;
  purpose: "invoice" | "receipt";
  /** A PDF's text layer, read while it was inspected. */
  text?: string;
  pageCount?: number;
  /** Where the file is stored (Textract's asynchronous analysis reads multi-page PDFs from S3). */
  location?: { bucket: string; key: string };
  limits: { timeoutMs: number; maxPixels: number };
}
