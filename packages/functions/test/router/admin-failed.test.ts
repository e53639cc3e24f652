// admin.purge and admin.retry refuse what they cannot act on, before touching storage.
// (Deleting and re-scanning for real: packages/functions/test/stack/admin-failed.test.ts.)
import { describe, expect, it } from "vitest";
import { as, invoice, refusal, someone } from "./helpers";

describe("admin.purge and admin.retry", () => {
  it("an upload that does not exist is NOT_FOUND", async () => {
    const admin = as(someone({ admin: true }));
    const uploadId = "upl_0123456789abcdef0123456789abcdef";
    for (const [path, call] of [
      ["admin.purge", () => admin.admin.purge({ uploadId })],
      ["admin.retry", () => admin.admin.retry({ uploadId })],
    ] as const) {
      expect((await refusal(call(), path)).data).toMatchObject({ code: "NOT_FOUND", appCode: "NOT_FOUND" });
    }
  });

  it("a pending upload can be neither deleted for good nor re-scanned: CONFLICT / INVALID_STATE with its status", async () => {
    const { uploadId } = await as(someone()).upload.initiate(invoice);
    const admin = as(someone({ admin: true }));
    for (const [path, call] of [
      ["admin.purge", () => admin.admin.purge({ uploadId })],
      ["admin.retry", () => admin.admin.retry({ uploadId })],
    ] as const) {
      expect((await refusal(call(), path)).data).toMatchObject({
        code: "CONFLICT",
        appCode: "INVALID_STATE",
        details: { status: "pending" },
      });
    }
    expect((await admin.upload.get({ uploadId })).status).toBe("pending");
  });

  it("an id that is not an upload id is VALIDATION", async () => {
    const shape = await refusal(as(someone({ admin: true })).admin.purge({ uploadId: "../etc" }), "admin.purge");
    expect(shape.data).toMatchObject({ code: "BAD_REQUEST", appCode: "VALIDATION" });
  });
});
