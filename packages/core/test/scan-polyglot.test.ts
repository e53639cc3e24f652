import { describe, expect, it } from "vitest";
import { epub, htmlPage, jpeg, pdf, png } from "@intake/testing/files";
import { HtmlAfterEnd, isJar } from "../src/scan/polyglot";

const ascii = (text: string) => Buffer.from(text, "latin1");

/** Feeds `bytes` in chunks of `size`, as a stream would. */
function htmlAfterEnd(type: string, bytes: Buffer, size = 7): boolean {
  const watch = new HtmlAfterEnd(type);
  for (let at = 0; at < bytes.length; at += size) watch.push(bytes.subarray(at, at + size));
  return watch.found();
}

describe("an HTML document after the end marker", () => {
  it.each([
    ["image/png", png()],
    ["image/jpeg", jpeg()],
    ["application/pdf", pdf()],
  ])("is found in a %s whatever the chunking, and a padded tail cannot hide it", (type, file) => {
    expect(htmlAfterEnd(type, file)).toBe(false);
    expect(htmlAfterEnd(type, Buffer.concat([file, htmlPage()]))).toBe(true);
    expect(htmlAfterEnd(type, Buffer.concat([file, htmlPage()]), 1)).toBe(true);
    const padded = Buffer.concat([file, htmlPage(), Buffer.alloc(3 * 1024 * 1024, 0x20)]);
    expect(htmlAfterEnd(type, padded, 64 * 1024)).toBe(true);
  });

  it("an image's second end marker does not hide the HTML before it", () => {
    expect(htmlAfterEnd("image/png", Buffer.concat([png(), htmlPage(), ascii("IEND\xAE\x42\x60\x82")]))).toBe(true);
    expect(htmlAfterEnd("image/jpeg", Buffer.concat([jpeg(), htmlPage(), Buffer.from([0xff, 0xd9])]))).toBe(true);
  });

  it("a PDF's incremental update is not HTML", () => {
    const update = ascii("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nxref\n0 1\ntrailer\n<< >>\n%%EOF\n");
    expect(htmlAfterEnd("application/pdf", Buffer.concat([pdf(), update]))).toBe(false);
  });
});

describe("isJar", () => {
  const noRange = () => Promise.reject(new Error("not needed"));
  it("finds a manifest or a class file in an ePub's central directory", async () => {
    const manifest = epub([{ name: "META-INF/MANIFEST.MF", data: ascii("Manifest-Version: 1.0\n") }]);
    const classFile = epub([{ name: "a/B.class", data: Buffer.from([0xca, 0xfe, 0xba, 0xbe]) }]);
    await expect(isJar(epub(), epub().length, noRange)).resolves.toBe(false);
    await expect(isJar(manifest, manifest.length, noRange)).resolves.toBe(true);
    await expect(isJar(classFile, classFile.length, noRange)).resolves.toBe(true);
  });

  it("reads a central directory that starts before the tail on its own", async () => {
    const chapters = Array.from({ length: 3000 }, (_, i) => ({
      name: `OEBPS/chapter-${i}.xhtml`,
      data: ascii("<p/>"),
    }));
    const file = epub([{ name: "META-INF/MANIFEST.MF", data: ascii("Manifest-Version: 1.0\n") }, ...chapters]);
    const tail = file.subarray(file.length - 4096);
    const ranges: number[] = [];
    const readRange = async (start: number, length: number) => {
      ranges.push(start);
      return file.subarray(start, start + length);
    };
    await expect(isJar(tail, file.length, readRange)).resolves.toBe(true);
    expect(ranges).toHaveLength(1);
  });
});
