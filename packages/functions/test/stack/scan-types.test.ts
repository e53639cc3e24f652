import { describe, expect, it } from "vitest";
import { elfBinary, htmlPage, pdf, png, shellScript, svgWithScript, windowsExecutable } from "@intake/testing/files";
import { newUser } from "@intake/testing/api";
import { send, settled, whereIs } from "@intake/testing/scan";

const cases = [
  {
    name: "a Windows executable",
    body: windowsExecutable,
    reason: "FORBIDDEN_TYPE",
    detectedType: "application/x-msdownload",
  },
  { name: "an ELF binary", body: elfBinary, reason: "FORBIDDEN_TYPE", detectedType: "application/x-elf" },
  { name: "a shell script", body: shellScript, reason: "FORBIDDEN_TYPE", detectedType: "text/x-shellscript" },
  { name: "an HTML page", body: htmlPage, reason: "FORBIDDEN_TYPE", detectedType: "text/html" },
  { name: "an SVG with a script", body: svgWithScript, reason: "FORBIDDEN_TYPE", detectedType: "image/svg+xml" },
  { name: "a PNG", body: png, reason: "TYPE_MISMATCH", detectedType: "image/png" },
];

describe("files that are not what they claim", () => {
  it.each(cases)("$name declared as a PDF is quarantined ($reason)", async ({ body, reason, detectedType }) => {
    const { api, sub } = await newUser();
    const sent = await send(api, sub, {
      purpose: "statement",
      filename: "looks-fine.pdf",
      contentType: "application/pdf",
      body: body(),
    });
    const upload = await settled(api, sent.uploadId);
    expect(upload).toMatchObject({
      status: "quarantined",
      statusReason: reason,
      scan: { verdict: reason.toLowerCase(), detectedType },
    });
    expect(upload.scan?.signatures ?? []).toEqual([]);
    expect(await whereIs(sent.locations)).toEqual(["quarantine"]);
  });

  it("a real PDF declared as a PNG is a TYPE_MISMATCH too", async () => {
    const { api, sub } = await newUser();
    const sent = await send(api, sub, {
      purpose: "receipt",
      filename: "photo.png",
      contentType: "image/png",
      body: pdf(),
    });
    const upload = await settled(api, sent.uploadId);
    expect(upload).toMatchObject({
      status: "quarantined",
      statusReason: "TYPE_MISMATCH",
      scan: { verdict: "type_mismatch", detectedType: "application/pdf" },
    });
    expect(await whereIs(sent.locations)).toEqual(["quarantine"]);
  });
});
