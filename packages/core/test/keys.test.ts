import { describe, expect, it } from "vitest";
import { Keys } from "../src/keys";

describe("S3 keys", () => {
  it("follow the design's layout with the extension from the content type", () => {
    expect(Keys.staging("alice", "upl_1", "application/pdf")).toBe("staging/alice/upl_1.pdf");
    expect(Keys.production("alice", "upl_1", "image/jpeg")).toBe("files/alice/upl_1.jpg");
    expect(Keys.quarantine("alice", "upl_1", "application/epub+zip")).toBe("quarantine/alice/upl_1.epub");
  });

  it("refuse any owner or upload id that could escape its folder", () => {
    for (const bad of ["../bob", "a/b", "", "a b", "ä", "x".repeat(129), "a\u0000"]) {
      expect(() => Keys.staging(bad, "upl_1", "application/pdf")).toThrow();
      expect(() => Keys.staging("alice", bad, "application/pdf")).toThrow();
    }
  });

  it("refuse a content type with no known extension", () => {
    expect(() => Keys.staging("alice", "upl_1", "text/html")).toThrow(/no extension/);
  });

  it("parse a staging key back, and nothing else", () => {
    expect(Keys.parseStaging("staging/alice/upl_1.pdf")).toEqual({ ownerId: "alice", uploadId: "upl_1" });
    expect(Keys.parseStaging("files/alice/upl_1.pdf")).toBeUndefined();
    expect(Keys.parseStaging("staging/../alice/upl_1.pdf")).toBeUndefined();
    expect(Keys.parseStaging("staging/alice/x/upl_1.pdf")).toBeUndefined();
  });
});

describe("client filenames", () => {
  it.each([
    ["../../etc/passwd", "path separator"],
    ["C:\\boot.ini", "path separator"],
    ["a\u0000.pdf", "control"],
    ["a\r\nSet-Cookie: x.pdf", "control"],
    ["\u202Egnp.exe", "control"],
    ["zero\u200Bwidth.pdf", "control"],
    ["..", "not a name"],
    ["   ", "empty"],
    ["é".repeat(200), "255 bytes"],
  ])("refuse %j", (name, reason) => {
    expect(Keys.filenameProblem(name)).toMatch(new RegExp(reason, "i"));
  });

  it("accept ordinary names in any script", () => {
    for (const name of ["report.pdf", "Фактура №5.pdf", "請求書.png", "résumé (final).pdf", ".hidden.pdf"]) {
      expect(Keys.filenameProblem(name)).toBeUndefined();
    }
  });

  it("sanitise to NFC without control characters, separators or leading dots", () => {
    expect(Keys.sanitizeFilename("Fa\u0301cture.pdf")).toBe("Fácture.pdf");
    expect(Keys.sanitizeFilename("../../etc/passwd")).toBe("_.._etc_passwd");
    expect(Keys.sanitizeFilename("a\u0000b\u202E\t c.pdf")).toBe("ab c.pdf");
    expect(Keys.sanitizeFilename("...")).toBe("file");
    expect(new TextEncoder().encode(Keys.sanitizeFilename("я".repeat(300))).length).toBeLessThanOrEqual(255);
  });

  it("build an attachment Content-Disposition that cannot break out of its header", () => {
    const header = Keys.contentDisposition('évil"; filename="x.html\r\nX-Bad: 1.pdf');
    expect(header.startsWith("attachment; ")).toBe(true);
    expect(header).not.toMatch(/[\r\n]/);
    const [, ascii] = /filename="([^"]*)"/.exec(header)!;
    expect(ascii).not.toContain('"');
    expect(header).toContain("filename*=UTF-8''%C3%A9vil%22%3B%20filename%3D%22x.htmlX-Bad%3A%201.pdf");
  });
});

describe("served filenames", () => {
  it.each([
    ["receipt.html", "image/png", "receipt.html.png"],
    ["scan.svg", "image/tiff", "scan.svg.tiff"],
    ["Great Book.jar", "application/epub+zip", "Great Book.jar.epub"],
    ["statement", "application/pdf", "statement.pdf"],
    ["trailing dots...", "application/pdf", "trailing dots.pdf"],
    ["march.PDF", "application/pdf", "march.PDF"],
    ["photo.jpeg", "image/jpeg", "photo.jpeg"],
    ["photo.tif", "image/tiff", "photo.tif"],
    [`Safe\u202Egnp.exe`, "image/png", "Safegnp.exe.png"],
  ])("%s as %s is served as %s", (name, type, served) => {
    expect(Keys.servedFilename(name, type)).toBe(served);
  });

  it("keep the verified extension when the name is at the length limit", () => {
    const served = Keys.servedFilename(`${"é".repeat(200)}.html`, "image/png");
    expect(served.endsWith(".png")).toBe(true);
    expect(new TextEncoder().encode(served).length).toBeLessThanOrEqual(255);
  });
});
