import { describe, expect, it } from "vitest";
import { epub, jpeg, pdf, png, tiff } from "@intake/testing/files";
import { newUser } from "@intake/testing/api";
import { bytesAt, head, send, settled, whereIs, type SendOptions } from "@intake/testing/scan";

const cases: Array<{ name: string; file: Omit<SendOptions, "body">; body: () => Buffer; status: string }> = [
  {
    name: "a PDF statement",
    file: { purpose: "statement", filename: "march.pdf", contentType: "application/pdf" },
    body: () => pdf(),
    status: "ready",
  },
  {
    name: "an ePub book",
    file: { purpose: "book", filename: "dune.epub", contentType: "application/epub+zip" },
    body: () => epub(),
    status: "in_review",
  },
  {
    name: "a PNG receipt",
    file: { purpose: "receipt", filename: "r.png", contentType: "image/png" },
    body: () => png(),
    status: "ready",
  },
  {
    name: "a JPEG invoice",
    file: { purpose: "invoice", filename: "i.jpg", contentType: "image/jpeg" },
    body: () => jpeg(),
    status: "ready",
  },
  {
    name: "a TIFF invoice",
    file: { purpose: "invoice", filename: "scan.tiff", contentType: "image/tiff" },
    body: () => tiff(),
    status: "ready",
  },
];

describe("clean files", () => {
  it.each(cases)("$name reaches $status and exists only in production", async ({ file, body, status }) => {
    const { api, sub } = await newUser();
    const bytes = body();
    const sent = await send(api, sub, { ...file, body: bytes });
    const upload = await settled(api, sent.uploadId);
    expect(upload).toMatchObject({
      status,
      scan: { verdict: "clean", detectedType: file.contentType },
    });
    expect(upload.statusReason).toBeUndefined();
    expect(await whereIs(sent.locations)).toEqual(["production"]);

    // The stored copy: documents as sent, images as re-encoded by processing; the declared
    // type, attachment, and the scan's metadata.
    const storedBytes = await bytesAt(sent.locations.production);
    if (file.contentType.startsWith("image/")) {
      expect(upload.processing).toMatchObject({ disarm: "reencoded" });
    } else {
      expect(upload.processing).toMatchObject({ disarm: "checked" });
      expect(storedBytes.equals(bytes)).toBe(true);
    }
    const stored = await head(sent.locations.production);
    expect(stored?.ContentType).toBe(file.contentType);
    expect(stored?.ContentDisposition).toMatch(/^attachment; /);
    expect(stored?.Metadata).toMatchObject({
      "upload-id": sent.uploadId,
      verdict: "clean",
      "detected-type": file.contentType,
    });
  });
});
