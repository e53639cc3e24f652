import { describe, expect, it } from "vitest";
import { checkType } from "../src/scan/detect";
import { createdObjects, messageFor } from "../src/scan/event";
import { Scan } from "../src/scan";
import {
  epub,
  elfBinary,
  htmlPage,
  jpeg,
  pdf,
  png,
  shellScript,
  svgWithScript,
  tiff,
  windowsExecutable,
} from "@intake/testing/files";

const asPdf = { declared: "application/pdf", allowed: ["application/pdf", "application/epub+zip"] };
const ascii = (text: string) => Buffer.from(text, "latin1");

describe("checkType", () => {
  it.each([
    ["application/pdf", pdf()],
    ["application/epub+zip", epub()],
    ["image/png", png()],
    ["image/jpeg", jpeg()],
    ["image/tiff", tiff()],
  ])("accepts a real %s declared as itself", async (type, bytes) => {
    await expect(checkType(bytes, { declared: type, allowed: [type] })).resolves.toEqual({ detectedType: type });
  });

  it.each([
    ["a PE executable", windowsExecutable(), "application/x-msdownload"],
    ["an ELF binary", elfBinary(), "application/x-elf"],
    [
      "a Mach-O binary",
      Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1, 3, 0, 0, 0, 2, 0, 0, 0, ...Buffer.alloc(48)]),
      "application/x-mach-binary",
    ],
    ["a shell script", shellScript(), "text/x-shellscript"],
    [
      "a script behind a byte order mark",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), shellScript()]),
      "text/x-shellscript",
    ],
    ["an HTML page", htmlPage(), "text/html"],
    ["HTML after white space, in capitals", ascii("\n\n  <HTML><BODY>hi</BODY></HTML>"), "text/html"],
    ["an SVG with a script", svgWithScript(), "image/svg+xml"],
    [
      "an SVG with an event handler",
      ascii('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>'),
      "image/svg+xml",
    ],
  ])("refuses %s whatever it claims to be (FORBIDDEN_TYPE)", async (_name, bytes, detectedType) => {
    await expect(checkType(bytes, asPdf)).resolves.toEqual({ detectedType, problem: "FORBIDDEN_TYPE" });
  });

  it.each([
    ["a PNG declared as a PDF", png(), asPdf, "image/png"],
    ["an SVG without script", ascii('<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'), asPdf, "image/svg+xml"],
    ["plain text", ascii("just some words\n"), asPdf, "text/plain"],
    ["unknown binary", Buffer.from([0, 1, 2, 3, 250, 251]), asPdf, "application/octet-stream"],
    ["an empty file", Buffer.alloc(0), asPdf, "application/x-empty"],
    [
      "a type the purpose does not allow",
      pdf(),
      { declared: "application/pdf", allowed: ["image/png"] },
      "application/pdf",
    ],
    ["a real ePub declared as a PDF", epub(), asPdf, "application/epub+zip"],
  ])("%s is a TYPE_MISMATCH", async (_name, bytes, expected, detectedType) => {
    await expect(checkType(bytes, expected)).resolves.toEqual({ detectedType, problem: "TYPE_MISMATCH" });
  });
});

describe("verdict", () => {
  it("a virus outranks a forbidden type, which outranks a mismatch", () => {
    const infected = { infected: true as const, signatures: ["X"] };
    const clean = { infected: false as const };
    expect(Scan.verdict({ detectedType: "text/html", problem: "FORBIDDEN_TYPE" }, infected)).toBe("infected");
    expect(Scan.verdict({ detectedType: "text/html", problem: "FORBIDDEN_TYPE" }, clean)).toBe("forbidden_type");
    expect(Scan.verdict({ detectedType: "image/png", problem: "TYPE_MISMATCH" }, clean)).toBe("type_mismatch");
    expect(Scan.verdict({ detectedType: "application/pdf" }, clean)).toBe("clean");
  });

  it("what clamd could not look into is unscannable, never clean; a real signature still wins", () => {
    const found = (...signatures: string[]) => ({ infected: true as const, signatures });
    const epub = { detectedType: "application/epub+zip" };
    for (const name of [
      "Heuristics.Encrypted.Zip",
      "Heuristics.Encrypted.PDF",
      "Heuristics.Limits.Exceeded.MaxFileSize",
      "Heuristics.Limits.Exceeded.MaxScanSize",
      "Heuristics.Limits.Exceeded.MaxRecursion",
      "Heuristics.Limits.Exceeded.MaxFiles",
      "Heuristics.Broken.Executable",
    ]) {
      expect(Scan.verdict(epub, found(name))).toBe("unscannable");
    }
    expect(Scan.verdict(epub, found("Heuristics.Encrypted.Zip", "Intake.Test.EICAR.UNOFFICIAL"))).toBe("infected");
    expect(Scan.verdict(epub, found("Heuristics.Phishing.Email.SpoofedDomain"))).toBe("infected");
    expect(Scan.verdict(epub, found("Win.Test.EICAR_HDB-1"))).toBe("infected");
    // A definite finding about the type says more than "could not look".
    expect(
      Scan.verdict({ detectedType: "image/png", problem: "TYPE_MISMATCH" }, found("Heuristics.Encrypted.Zip")),
    ).toBe("type_mismatch");
    expect(Scan.quarantineReasons.unscannable).toBe("UNSCANNABLE");
  });
});

describe("scan-queue messages", () => {
  it("reads S3's form-encoded keys, skips other records, and survives junk", () => {
    const body = JSON.stringify({
      Records: [
        {
          eventName: "ObjectCreated:Put",
          s3: { bucket: { name: "b" }, object: { key: "staging/u/a+b%281%29.pdf", eTag: "abc" } },
        },
        { eventName: "ObjectRemoved:Delete", s3: { bucket: { name: "b" }, object: { key: "x" } } },
        { eventName: "ObjectCreated:Put", s3: { bucket: { name: "b" }, object: { key: "bad%E0%A4%A" } } },
      ],
    });
    expect(createdObjects(body)).toEqual({
      objects: [{ bucket: "b", key: "staging/u/a b(1).pdf", etag: "abc" }],
      skipped: 2,
    });
    expect(createdObjects(JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent" }))).toEqual({
      objects: [],
      skipped: 1,
    });
    expect(createdObjects("not json")).toEqual({ objects: [], skipped: 1 });
  });

  it("the sweeper's message reads back as the object it names", () => {
    const body = messageFor(
      { bucket: "staging-bucket", key: "staging/u1/upl_1.pdf", etag: "e1", sizeBytes: 10 },
      "eu-west-1",
    );
    expect(createdObjects(body)).toEqual({
      objects: [{ bucket: "staging-bucket", key: "staging/u1/upl_1.pdf", etag: "e1" }],
      skipped: 0,
    });
  });
});
