// Files that lie through their names or are two formats at once (issue 16, item 1): the name a
// file is saved under ends in its verified type's extension, and a file that is also a JAR, or
// carries an HTML document after its end marker, is refused at the scan.
import { describe, expect, it } from "vitest";
import { epub, htmlPage, jpeg, pdf, png, tiff } from "@intake/testing/files";
import { newUser } from "@intake/testing/api";
import { head, send, settled, whereIs, type SendOptions } from "@intake/testing/scan";

const ascii = (text: string) => Buffer.from(text, "latin1");
/** Lots of ordinary bytes before the tail, so the tail lies past the scanner's first read. */
const big = (size: number) => pdf({ size });

describe("download names", () => {
  it.each([
    { filename: "receipt.html", purpose: "receipt", contentType: "image/png", body: png, served: "receipt.html.png" },
    { filename: "scan.svg", purpose: "invoice", contentType: "image/tiff", body: tiff, served: "scan.svg.tiff" },
    { filename: "statement", purpose: "statement", contentType: "application/pdf", body: pdf, served: "statement.pdf" },
    { filename: "photo.JPEG", purpose: "invoice", contentType: "image/jpeg", body: jpeg, served: "photo.JPEG" },
  ] as const)("$filename ($contentType) is stored and downloaded as $served", async (file) => {
    const { api, sub } = await newUser();
    const sent = await send(api, sub, { ...file, body: file.body() });
    expect((await settled(api, sent.uploadId)).status).toBe("ready");
    const stored = await head(sent.locations.production);
    expect(stored?.ContentDisposition).toMatch(
      new RegExp(`^attachment; filename="${file.served.replaceAll(".", "\\.")}"`),
    );
    const { url } = await api.upload.download.mutate({ uploadId: sent.uploadId });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain(`filename="${file.served}"`);
    await response.body?.cancel();
  });
});

const polyglots: Array<{ name: string; file: Omit<SendOptions, "body">; body: () => Buffer; second: string }> = [
  {
    name: "a PNG with an HTML document after IEND",
    file: { purpose: "receipt", filename: "receipt.html", contentType: "image/png" },
    body: () => Buffer.concat([png(), htmlPage()]),
    second: "text/html",
  },
  {
    name: "a JPEG with an HTML document after its end marker",
    file: { purpose: "receipt", filename: "photo.jpg", contentType: "image/jpeg" },
    body: () => Buffer.concat([jpeg(), ascii("\n"), htmlPage()]),
    second: "text/html",
  },
  {
    name: "a PDF followed by HTML, past the scanner's first 64 KiB",
    file: { purpose: "statement", filename: "statement.html", contentType: "application/pdf" },
    body: () => Buffer.concat([big(200 * 1024), htmlPage()]),
    second: "text/html",
  },
  {
    name: "an ePub that is also a JAR (a manifest)",
    file: { purpose: "book", filename: "Great Book.jar", contentType: "application/epub+zip" },
    body: () => epub([{ name: "META-INF/MANIFEST.MF", data: ascii("Manifest-Version: 1.0\nMain-Class: Evil\n") }]),
    second: "application/java-archive",
  },
  {
    name: "an ePub that is also a JAR (a class file)",
    file: { purpose: "book", filename: "Great Book.epub", contentType: "application/epub+zip" },
    body: () => epub([{ name: "com/evil/Evil.class", data: Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52]) }]),
    second: "application/java-archive",
  },
];

describe("files that are two formats at once", () => {
  it.each(polyglots)("$name is quarantined FORBIDDEN_TYPE, naming $second", async ({ file, body, second }) => {
    const { api, sub } = await newUser();
    const sent = await send(api, sub, { ...file, body: body() });
    const upload = await settled(api, sent.uploadId);
    expect(upload).toMatchObject({
      status: "quarantined",
      statusReason: "FORBIDDEN_TYPE",
      scan: { verdict: "forbidden_type", detectedType: second },
    });
    expect(await whereIs(sent.locations)).toEqual(["quarantine"]);
  });

  it.each([
    {
      name: "a PDF with an incremental update after its first %%EOF",
      file: { purpose: "statement", filename: "s.pdf", contentType: "application/pdf" },
      body: () => Buffer.concat([pdf(), ascii("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EOF\n")]),
    },
    {
      name: "a large PDF",
      file: { purpose: "statement", filename: "s.pdf", contentType: "application/pdf" },
      body: () => big(300 * 1024),
    },
    {
      name: "an ePub with ordinary META-INF entries",
      file: { purpose: "book", filename: "b.epub", contentType: "application/epub+zip" },
      body: () => epub([{ name: "META-INF/encryption.xml", data: ascii("<encryption/>"), deflate: true }]),
    },
  ] as const)("$name still passes", async ({ file, body }) => {
    const { api, sub } = await newUser();
    const sent = await send(api, sub, { ...file, body: body() });
    const upload = await settled(api, sent.uploadId);
    expect(upload.scan?.verdict).toBe("clean");
  });
});
