// The processing stage end to end on the shared stack: what comes out of `ready` is safe to
// open (images re-encoded without what hid in them, documents parsed and refused when they
// carry something that runs), and what was read from the document is on the upload.
import { describe, expect, it } from "vitest";
import { newUser } from "@intake/testing/api";
import * as epubs from "@intake/testing/corpus/epubs";
import * as images from "@intake/testing/corpus/images";
import * as pdfs from "@intake/testing/corpus/pdfs";
import { imageInfo } from "@intake/testing/image-info";
import { eicarBytes } from "@intake/testing/signatures";
import { bytesAt, send, settled, whereIs, type SendOptions } from "@intake/testing/scan";

const jpegInvoice = { purpose: "invoice", filename: "invoice.jpg", contentType: "image/jpeg" } as const;
const pngReceipt = { purpose: "receipt", filename: "receipt.png", contentType: "image/png" } as const;
const tiffInvoice = { purpose: "invoice", filename: "scan.tiff", contentType: "image/tiff" } as const;
const pdfStatement = { purpose: "statement", filename: "statement.pdf", contentType: "application/pdf" } as const;
const epubBook = { purpose: "book", filename: "book.epub", contentType: "application/epub+zip" } as const;

async function through(file: Omit<SendOptions, "body">, body: Buffer | Uint8Array) {
  const { api, sub } = await newUser();
  const sent = await send(api, sub, { ...file, body: Buffer.from(body) });
  return { upload: await settled(api, sent.uploadId, 60_000), sent };
}

describe("images come out re-encoded, with nothing but their pixels", () => {
  // HTML after an image's end marker makes it an HTML polyglot, refused at the scan (below);
  // any other trailing bytes are the re-encode's to drop.
  const scriptTail = () =>
    images.jpeg(images.pattern(48, 32), { tail: Buffer.from(`${" ".repeat(100)};alert(document.cookie)//`) });
  const cases = [
    { name: "a JPEG with JavaScript after its end", file: jpegInvoice, body: scriptTail },
    { name: "a PNG with an HTML comment in a text chunk", file: pngReceipt, body: images.pngWithHtmlComment },
    { name: "a JPEG with EXIF GPS", file: jpegInvoice, body: images.jpegWithGps },
    { name: "a TIFF with a script in its description", file: tiffInvoice, body: images.tiffSingle },
  ];

  it.each(cases)("$name → ready, and the stored file carries none of it", async ({ file, body }) => {
    const original = body();
    const { upload, sent } = await through(file, original);
    expect(upload.status).toBe("ready");
    expect(upload.processing).toMatchObject({ disarm: "reencoded" });
    expect(upload.processing && "removed" in upload.processing && upload.processing.removed?.length).toBeGreaterThan(0);

    const stored = await bytesAt(sent.locations.production);
    const text = stored.toString("latin1");
    expect(text).not.toContain("alert(");
    expect(text).not.toContain("<script");
    expect(text).not.toContain("<html");
    expect(text).not.toContain("<!--");
    const [before, after] = await Promise.all([imageInfo(original), imageInfo(stored)]);
    expect(after.format).toBe(before.format);
    expect([after.width, after.height]).toEqual([before.width, before.height]);
    expect(after.exif).toBeUndefined();
    expect(upload.processing?.metadata).toMatchObject({ width: before.width, height: before.height });
  });

  it("a photo's GPS position is gone from what is downloaded", async () => {
    const { sent } = await through(jpegInvoice, images.jpegWithGps());
    const stored = await bytesAt(sent.locations.production);
    expect((await imageInfo(stored)).exif).toBeUndefined();
    expect(stored.includes(Buffer.from("GPS"))).toBe(false);
  });

  it("an EXIF-rotated photo is stored turned the way it was shown", async () => {
    const { upload, sent } = await through(jpegInvoice, images.jpegRotated());
    const stored = await imageInfo(await bytesAt(sent.locations.production));
    expect([stored.width, stored.height, stored.orientation ?? 1]).toEqual([20, 40, 1]);
    expect(upload.processing?.metadata).toMatchObject({ width: 20, height: 40 });
  });

  it("a PNG declaring 100,000 × 100,000 pixels is MALFORMED, quarantined, and the stack goes on", async () => {
    const { upload, sent } = await through(pngReceipt, images.pngBomb());
    expect(upload).toMatchObject({ status: "quarantined", statusReason: "MALFORMED" });
    expect(await whereIs(sent.locations)).toEqual(["quarantine"]);
    const next = await through(pngReceipt, images.pngWithHtmlComment());
    expect(next.upload.status).toBe("ready");
  });

  it.each([
    { name: "a JPEG with a <script> after its end", file: jpegInvoice, body: images.jpegWithScriptTail },
    { name: "a PNG with an HTML page after IEND", file: pngReceipt, body: images.pngWithHtmlTail },
  ])("$name is an HTML polyglot: refused at the scan, never processed", async ({ file, body }) => {
    const { upload, sent } = await through(file, body());
    expect(upload).toMatchObject({
      status: "quarantined",
      statusReason: "FORBIDDEN_TYPE",
      scan: { detectedType: "text/html" },
    });
    expect(upload.processing).toBeUndefined();
    expect(await whereIs(sent.locations)).toEqual(["quarantine"]);
  });
});

describe("PDFs are parsed in a sandbox", () => {
  it("a valid 3-page PDF → ready with its page count, title and author, bytes unchanged", async () => {
    const body = await pdfs.clean();
    const { upload, sent } = await through(pdfStatement, body);
    expect(upload.status).toBe("ready");
    expect(upload.processing).toMatchObject({
      disarm: "checked",
      metadata: { pageCount: 3, title: pdfs.described.title, author: pdfs.described.author },
    });
    expect((await bytesAt(sent.locations.production)).equals(Buffer.from(body))).toBe(true);
  });

  const active = [
    { name: "document JavaScript", body: pdfs.documentJavaScript, finding: /JavaScript/ },
    { name: "an annotation's JavaScript action", body: pdfs.linkJavaScript, finding: /JavaScript/ },
    { name: "a launch action", body: pdfs.launchOpenAction, finding: /launch action/ },
    { name: "an embedded file", body: pdfs.embeddedFile, finding: /embedded file/ },
  ];
  it.each(active)("a PDF with $name → quarantined ACTIVE_CONTENT naming it", async ({ body, finding }) => {
    const { upload, sent } = await through(pdfStatement, await body());
    expect(upload).toMatchObject({ status: "quarantined", statusReason: "ACTIVE_CONTENT" });
    const found = upload.processing && "found" in upload.processing ? upload.processing.found : undefined;
    expect(found?.some((line) => finding.test(line))).toBe(true);
    expect(await whereIs(sent.locations)).toEqual(["quarantine"]);
  });

  it.each([
    { name: "truncated", body: pdfs.truncated },
    { name: "with a broken xref PDF.js cannot recover", body: pdfs.brokenXref },
  ])("a PDF $name → quarantined MALFORMED", async ({ body }) => {
    const { upload, sent } = await through(pdfStatement, await body());
    expect(upload).toMatchObject({ status: "quarantined", statusReason: "MALFORMED" });
    expect(await whereIs(sent.locations)).toEqual(["quarantine"]);
  });
});

describe("ePubs are checked as ePub containers", () => {
  it("a valid ePub → in review (books are reviewed) with its title and author", async () => {
    const { upload } = await through(epubBook, epubs.book());
    expect(upload.status).toBe("in_review");
    expect(upload.processing).toMatchObject({
      disarm: "checked",
      metadata: { title: epubs.defaultBook.title, author: epubs.defaultBook.author },
    });
  });

  it("an ePub with a script → quarantined ACTIVE_CONTENT", async () => {
    const { upload, sent } = await through(epubBook, epubs.withScript());
    expect(upload).toMatchObject({ status: "quarantined", statusReason: "ACTIVE_CONTENT" });
    expect(await whereIs(sent.locations)).toEqual(["quarantine"]);
  });

  it("an encrypted entry holding EICAR in an ePub-shaped container is never ready", async () => {
    const { upload } = await through(epubBook, epubs.withEncryptedEntry(eicarBytes()));
    expect(upload).toMatchObject({ status: "quarantined", statusReason: "UNSCANNABLE" });
  });
});
