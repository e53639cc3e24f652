// admin.retry (issue 16, item 8): admins only, and only a failure on a fault is tried again;
// content verdicts and every other status answer INVALID_STATE and stay as they are.
import { db } from "@intake/core/dynamo";
import { Store } from "@intake/core/upload/store";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { as, refusal, someone } from "./helpers";

async function uploadIn(status: "failed" | "quarantined" | "ready", statusReason?: string) {
  const ownerId = `owner_${randomUUID().slice(0, 8)}`;
  const uploadId = `upl_${randomUUID().replaceAll("-", "")}`;
  await db()
    .upload.create({
      uploadId,
      ownerId,
      purpose: "statement",
      filename: "s.pdf",
      contentType: "application/pdf",
      sizeBytes: 1024,
      status,
      statusReason,
      stagingKey: `staging/${ownerId}/${uploadId}.pdf`,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    .go();
  return uploadId;
}

describe("admin.retry", () => {
  it("is for admins only", async () => {
    const uploadId = await uploadIn("failed", "SCAN_FAILED");
    const shape = await refusal(as(someone()).admin.retry({ uploadId }), "admin.retry");
    expect(shape.data.code).toBe("FORBIDDEN");
    expect((await Store.get(uploadId))?.status).toBe("failed");
  });

  it("refuses content verdicts and uploads that did not fail, changing nothing", async () => {
    for (const [status, reason] of [
      ["quarantined", "VIRUS_DETECTED"],
      ["quarantined", "UNSCANNABLE"],
      ["ready", undefined],
    ] as const) {
      const uploadId = await uploadIn(status, reason);
      const before = await Store.get(uploadId);
      const shape = await refusal(as(someone({ admin: true })).admin.retry({ uploadId }), "admin.retry");
      expect(shape.data).toMatchObject({ appCode: "INVALID_STATE" });
      expect(await Store.get(uploadId)).toMatchObject({ status, revision: before?.revision });
    }
  });
});
