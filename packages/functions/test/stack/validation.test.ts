import { describe, expect, it } from "vitest";
import { client, expectError, newUser } from "@intake/testing/api";

const valid = { purpose: "invoice" as const, filename: "invoice.pdf", contentType: "application/pdf", sizeBytes: 1000 };

describe("initiate refuses bad input with a clear 4xx", () => {
  it("a file above the purpose's limit is PAYLOAD_TOO_LARGE with the maximum", async () => {
    const { api } = await newUser();
    const { data } = await expectError(
      api.upload.initiate.mutate({ ...valid, sizeBytes: 50 * 1024 * 1024 + 1 }),
      "PAYLOAD_TOO_LARGE",
      "FILE_TOO_LARGE",
    );
    expect(data.details.maximum).toBe(50 * 1024 * 1024);
  });

  it("a type the purpose does not take is UNSUPPORTED_MEDIA_TYPE with the supported list", async () => {
    const { api } = await newUser();
    const { data } = await expectError(
      api.upload.initiate.mutate({ ...valid, purpose: "book", title: "T", author: "A", contentType: "image/png" }),
      "UNSUPPORTED_MEDIA_TYPE",
      "UNSUPPORTED_FILE_TYPE",
    );
    expect(data.details.supported).toEqual(["application/pdf", "application/epub+zip"]);
    await expectError(api.upload.initiate.mutate({ ...valid, contentType: "text/html" }), "UNSUPPORTED_MEDIA_TYPE");
  });

  it("a book without title or author names the missing fields", async () => {
    const { api } = await newUser();
    const { data } = await expectError(
      api.upload.initiate.mutate({ ...valid, purpose: "book" }),
      "BAD_REQUEST",
      "VALIDATION",
    );
    const paths = data.details.issues.map((i: { path: string[] }) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["title", "author"]));
    await expectError(
      api.upload.initiate.mutate({ ...valid, purpose: "book", title: "   ", author: "A" }),
      "BAD_REQUEST",
    );
  });

  it.each([
    ["path traversal", "../../etc/passwd"],
    ["a backslash path", "..\\windows\\system.ini"],
    ["a NUL byte", "a\u0000b.pdf"],
    ["a newline", "a\nb.pdf"],
    ["a right-to-left override", "invoice\u202Efdp.exe"],
    ["only dots", ".."],
    ["nothing", ""],
    ["300 characters", `${"x".repeat(300)}.pdf`],
  ])("a filename with %s is VALIDATION", async (_, filename) => {
    const { api } = await newUser();
    const { data } = await expectError(api.upload.initiate.mutate({ ...valid, filename }), "BAD_REQUEST", "VALIDATION");
    expect(data.details.issues[0].path).toEqual(["filename"]);
  });

  it.each([
    ["negative", -1],
    ["zero", 0],
    ["fractional", 10.5],
    ["absurd", 1e20],
    ["not a number", Number.NaN],
  ])("a %s size is VALIDATION", async (_, sizeBytes) => {
    const { api } = await newUser();
    await expectError(api.upload.initiate.mutate({ ...valid, sizeBytes }), "BAD_REQUEST", "VALIDATION");
  });

  it("an unknown purpose or a malformed checksum is VALIDATION", async () => {
    const { api } = await newUser();
    await expectError(api.upload.initiate.mutate({ ...valid, purpose: "meme" as "book" }), "BAD_REQUEST", "VALIDATION");
    await expectError(api.upload.initiate.mutate({ ...valid, checksumSha256: "abc" }), "BAD_REQUEST", "VALIDATION");
  });

  it("a malformed upload id is VALIDATION, never a server error", async () => {
    const { api } = await newUser();
    await expectError(api.upload.get.query({ uploadId: "../../x" }), "BAD_REQUEST", "VALIDATION");
    await expectError(api.upload.confirm.mutate({ uploadId: "upl_x", etag: "" }), "BAD_REQUEST", "VALIDATION");
  });

  it("unicode filenames are kept for the download name", async () => {
    const { api } = await newUser();
    const started = await api.upload.initiate.mutate({ ...valid, filename: "Fa\u0301cture  été №1.pdf" });
    const upload = await api.upload.get.query({ uploadId: started.uploadId });
    expect(upload.filename).toBe("Fácture été №1.pdf");
  });
});

describe("purposes", () => {
  it("tells a signed-in user what each purpose accepts here, deployment overrides included", async () => {
    const { api } = await newUser();
    const { purposes } = await api.upload.purposes.query();
    expect(purposes.book.contentTypes).toEqual(["application/pdf", "application/epub+zip"]);
    expect(purposes.book.maxSizeBytes).toBe(50 * 1024 * 1024);
    // The stack under test raises the statement limit through INTAKE_PURPOSES.
    expect(purposes.statement.maxSizeBytes).toBe(1024 * 1024 * 1024);
  });

  it("is refused without a token", async () => {
    await expectError(client().upload.purposes.query(), "UNAUTHORIZED");
  });
});
