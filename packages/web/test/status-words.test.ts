// Statuses and types as people read them: every status has words, an icon and a colour of
// its own meaning, and a blocked or failed file says why in short.
import { quarantineReasons } from "@intake/core/scan/verdict";
import { processingQuarantineReasons } from "@intake/core/process/outcome";
import { statuses } from "@intake/core/upload/lifecycle";
import { describe, expect, it } from "vitest";
import { typeInWords } from "../src/format";
import { statusIcon, statusLabel, statusTone, statusWords } from "../src/upload/status";

describe("status words", () => {
  it("no status shows its raw name, and the statuses people must tell apart look apart", () => {
    for (const status of statuses) {
      expect(statusWords({ status, statusReason: undefined })).not.toBe(status);
      expect(statusLabel(status)).not.toBe(status);
    }
    const looks = (["scanning", "in_review", "ready", "quarantined", "failed", "aborted"] as const).map(
      (status) => `${statusIcon(status)} ${statusTone(status)}`,
    );
    expect(new Set(looks).size).toBe(looks.length);
    expect(statusWords({ status: "scanning" })).toBe("Checking for viruses…");
    expect(statusWords({ status: "in_review" })).toBe("Waiting for approval");
    expect(statusWords({ status: "aborted" })).toBe("Cancelled");
    expect(statusTone("aborted")).toBe("muted");
  });

  it("every reason a file is blocked for has its own short words", () => {
    const reasons = [...Object.values(quarantineReasons), ...Object.values(processingQuarantineReasons)];
    const words = reasons.map((statusReason) => statusWords({ status: "quarantined", statusReason }));
    for (const said of words) expect(said).toMatch(/^Blocked: /);
    expect(new Set(words).size).toBe(new Set(reasons).size);
    expect(statusWords({ status: "quarantined", statusReason: "VIRUS_DETECTED" })).toBe("Blocked: contains a virus");
    expect(statusWords({ status: "failed", statusReason: "PROCESSING_FAILED" })).toBe("Could not be processed");
  });
});

describe("types in words", () => {
  it("names the types a purpose accepts and the ones a scanner finds instead", () => {
    expect(typeInWords("image/png")).toBe("a PNG image");
    expect(typeInWords("application/pdf")).toBe("a PDF");
    expect(typeInWords("application/epub+zip")).toBe("an EPUB book");
    expect(typeInWords("text/html")).toBe("a web page (HTML)");
    expect(typeInWords("application/x-unknown")).toBe("a file of type application/x-unknown");
  });
});
