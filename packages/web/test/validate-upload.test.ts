import { Purpose } from "@intake/core/purpose";
import { describe, expect, it } from "vitest";
import { checkUpload, hasProblems } from "../src/upload/validate-upload";

const MiB = 1024 * 1024;
const book = { purpose: "book" as const, title: "Dune", author: "Frank Herbert", description: "" };
const statement = { ...book, purpose: "statement" as const, title: "", author: "" };
const file = (name: string, size: number, type = "application/pdf") => {
  const sized = new File([], name, { type });
  Object.defineProperty(sized, "size", { value: size }); // no need to hold 100 MiB to check a size
  return sized;
};

describe("checkUpload", () => {
  it("passes a complete book", () => {
    expect(hasProblems(checkUpload(book, [file("dune.pdf", 1000)], Purpose.defaults))).toBe(false);
  });

  it("names the missing title and author of a book, and nothing for other purposes", () => {
    const problems = checkUpload({ ...book, title: " ", author: "" }, [], Purpose.defaults);
    expect(problems.fields).toEqual({ title: "A book needs a title", author: "A book needs an author" });
    expect(checkUpload(statement, [], Purpose.defaults).fields).toEqual({});
  });

  it("checks each file against this deployment's limits, not the built-in ones", () => {
    const big = [file("statement.pdf", 100 * MiB)];
    expect(checkUpload(statement, big, Purpose.defaults).files).toEqual([
      "This file is too large: the limit is 50.0 MB.",
    ]);
    const raised = { ...Purpose.defaults, statement: { ...Purpose.defaults.statement, maxSizeBytes: 1024 * MiB } };
    expect(checkUpload(statement, big, raised).files).toEqual([undefined]);
  });

  it("says which of several files is wrong, and why", () => {
    const invoice = { ...statement, purpose: "invoice" as const };
    const files = [
      file("a.png", 10, "image/png"),
      file("notes.txt", 10, "text/plain"),
      file("empty.pdf", 0),
      file("a\nb.pdf", 10),
    ];
    expect(checkUpload(invoice, files, Purpose.defaults).files).toEqual([
      undefined,
      "This file type is not accepted here. Accepted: PDF, JPEG, PNG, TIFF.",
      "The file is empty.",
      "Filename contains control characters.",
    ]);
  });
});
