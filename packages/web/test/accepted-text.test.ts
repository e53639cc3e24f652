// What the drop target says a purpose takes, before anything is picked.
import { Purpose } from "@intake/core/purpose";
import { expect, it } from "vitest";
import { acceptedText } from "../src/upload/purposes";

it("names the accepted types in words and the size limit, per file when several may be picked", () => {
  expect(acceptedText(Purpose.defaults, "book", false)).toBe("PDF or EPUB, up to 50.0 MB");
  expect(acceptedText(Purpose.defaults, "invoice", true)).toBe("PDF, JPEG, PNG or TIFF, up to 50.0 MB each");
  expect(acceptedText(Purpose.defaults, "statement", true)).toBe("PDF, up to 50.0 MB each");
  const larger = { ...Purpose.defaults, statement: { ...Purpose.defaults.statement, maxSizeBytes: 1024 ** 3 } };
  expect(acceptedText(larger, "statement", true)).toBe("PDF, up to 1.0 GB each");
});
