// Every refusal the API makes, as the client receives it: the tRPC code, the application
// code and its details, and nothing else (no stack, no internals).
import { describe, expect, it } from "vitest";
import { as, invoice, refusal, someone } from "./helpers";

describe("the caller", () => {
  it("without a caller, every procedure but health is UNAUTHORIZED", async () => {
    const anonymous = as(undefined);
    for (const [path, call] of [
      ["upload.list", () => anonymous.upload.list({})],
      ["upload.initiate", () => anonymous.upload.initiate(invoice)],
      ["admin.counts", () => anonymous.admin.counts()],
    ] as const) {
      const shape = await refusal(call(), path);
      expect(shape.message).toBe("Sign in first");
      expect(shape.data).toEqual({ code: "UNAUTHORIZED", httpStatus: 401, path, appCode: "UNAUTHORIZED", details: {} });
    }
    await expect(anonymous.health()).resolves.toEqual({ ok: true });
  });

  it("a user who is not an admin is FORBIDDEN on every admin procedure", async () => {
    const api = as(someone());
    const uploadId = "upl_0123456789abcdef0123456789abcdef";
    for (const [path, call] of [
      ["admin.list", () => api.admin.list({})],
      ["admin.counts", () => api.admin.counts()],
      ["admin.approve", () => api.admin.approve({ uploadId })],
      ["admin.reject", () => api.admin.reject({ uploadId, reason: "no" })],
      ["admin.purge", () => api.admin.purge({ uploadId })],
      ["admin.retry", () => api.admin.retry({ uploadId })],
    ] as const) {
      const shape = await refusal(call(), path);
      expect(shape.data).toEqual({ code: "FORBIDDEN", httpStatus: 403, path, appCode: "FORBIDDEN", details: {} });
    }
    await expect(as(someone({ admin: true })).admin.counts()).resolves.toHaveProperty("counts");
  });
});

describe("the input", () => {
  it("input that fails its schema is VALIDATION with each zod issue's path and message", async () => {
    const shape = await refusal(
      as(someone()).upload.initiate({ ...invoice, purpose: "book", filename: "a\u0000b.pdf", sizeBytes: -1 }),
      "upload.initiate",
    );
    expect(shape.message).toBe("Invalid input");
    expect(shape.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400, appCode: "VALIDATION" });
    if (shape.data.appCode !== "VALIDATION") throw new Error("narrowed above");
    const issues = shape.data.details.issues.map(({ path, message }) => ({ path: path.join("."), message }));
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: "filename", message: "Filename contains control characters" },
        { path: "sizeBytes", message: expect.any(String) },
        { path: "title", message: expect.any(String) },
        { path: "author", message: expect.any(String) },
      ]),
    );
  });

  it("a file over the purpose's limit is PAYLOAD_TOO_LARGE / FILE_TOO_LARGE with the maximum", async () => {
    const shape = await refusal(
      as(someone()).upload.initiate({ ...invoice, sizeBytes: 50 * 1024 * 1024 + 1 }),
      "upload.initiate",
    );
    expect(shape.data).toEqual({
      code: "PAYLOAD_TOO_LARGE",
      httpStatus: 413,
      path: "upload.initiate",
      appCode: "FILE_TOO_LARGE",
      details: { maximum: 50 * 1024 * 1024 },
    });
    expect(shape.message).toBe("File is larger than the 50 MiB limit");
  });

  it("a type the purpose does not take is UNSUPPORTED_MEDIA_TYPE / UNSUPPORTED_FILE_TYPE with the supported types", async () => {
    const shape = await refusal(
      as(someone()).upload.initiate({ ...invoice, purpose: "statement", contentType: "image/png", filename: "s.png" }),
      "upload.initiate",
    );
    expect(shape.data).toEqual({
      code: "UNSUPPORTED_MEDIA_TYPE",
      httpStatus: 415,
      path: "upload.initiate",
      appCode: "UNSUPPORTED_FILE_TYPE",
      details: { supported: ["application/pdf"] },
    });
  });
});

describe("someone else's upload", () => {
  it("is NOT_FOUND, exactly as an upload that does not exist, and its owner and an admin still see it", async () => {
    const owner = as(someone());
    const { uploadId } = await owner.upload.initiate(invoice);
    const stranger = as(someone());

    const theirs = await refusal(stranger.upload.get({ uploadId }), "upload.get");
    const missing = await refusal(
      stranger.upload.get({ uploadId: "upl_0123456789abcdef0123456789abcdef" }),
      "upload.get",
    );
    expect(theirs).toEqual(missing);
    expect(theirs.data).toEqual({
      code: "NOT_FOUND",
      httpStatus: 404,
      path: "upload.get",
      appCode: "NOT_FOUND",
      details: {},
    });
    for (const [path, call] of [
      ["upload.confirm", () => stranger.upload.confirm({ uploadId, etag: '"0123456789abcdef0123456789abcdef"' })],
      ["upload.abort", () => stranger.upload.abort({ uploadId })],
      ["upload.download", () => stranger.upload.download({ uploadId })],
    ] as const) {
      expect((await refusal(call(), path)).data.appCode).toBe("NOT_FOUND");
    }

    await expect(owner.upload.get({ uploadId })).resolves.toMatchObject({ uploadId, status: "pending" });
    await expect(as(someone({ admin: true })).upload.get({ uploadId })).resolves.toMatchObject({ uploadId });
  });

  it("an upload in the wrong status is CONFLICT / INVALID_STATE with its status", async () => {
    const owner = as(someone());
    const { uploadId } = await owner.upload.initiate(invoice);
    const shape = await refusal(owner.upload.download({ uploadId }), "upload.download");
    expect(shape.data).toEqual({
      code: "CONFLICT",
      httpStatus: 409,
      path: "upload.download",
      appCode: "INVALID_STATE",
      details: { status: "pending" },
    });
  });
});
