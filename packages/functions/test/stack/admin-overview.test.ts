// The admin dashboard's "all" tab and its counts: everyone's uploads newest first in any
// status, and exact counts per status. Other tests add uploads meanwhile, so the checks
// lean on order and on statuses nothing leaves (aborted).
import { describe, expect, it } from "vitest";
import { client, expectError, newUser } from "@intake/testing/api";

const receipt = { purpose: "receipt" as const, filename: "lunch.pdf", contentType: "application/pdf", sizeBytes: 2048 };

describe("admin overview", () => {
  it("lists everyone's uploads in any status, newest first, paged without repeats", async () => {
    const owner = await newUser();
    const admin = await newUser({ admin: true });
    const first = await owner.api.upload.initiate.mutate(receipt);
    const second = await owner.api.upload.initiate.mutate(receipt);
    await owner.api.upload.abort.mutate({ uploadId: second.uploadId });
    const third = await owner.api.upload.initiate.mutate(receipt);
    const ours = [third.uploadId, second.uploadId, first.uploadId];

    const seen: { uploadId: string; status: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await admin.api.admin.list.query({ limit: 5, cursor });
      seen.push(...page.items);
      cursor = page.cursor ?? undefined;
    } while (cursor && !ours.every((id) => seen.some((item) => item.uploadId === id)));

    expect(new Set(seen.map((item) => item.uploadId)).size).toBe(seen.length);
    const found = seen.filter((item) => ours.includes(item.uploadId));
    expect(found.map((item) => [item.uploadId, item.status])).toEqual([
      [third.uploadId, "pending"],
      [second.uploadId, "aborted"],
      [first.uploadId, "pending"],
    ]);
    await expectError(admin.api.admin.list.query({ cursor: "not-a-cursor" }), "BAD_REQUEST", "VALIDATION");
  });

  it("counts every status exactly", async () => {
    const owner = await newUser();
    const admin = await newUser({ admin: true });
    const before = (await admin.api.admin.counts.query()).counts;
    for (let i = 0; i < 3; i++) {
      const { uploadId } = await owner.api.upload.initiate.mutate(receipt);
      await owner.api.upload.abort.mutate({ uploadId });
    }
    const after = (await admin.api.admin.counts.query()).counts;

    let listed = 0;
    let cursor: string | undefined;
    do {
      const page = await admin.api.admin.list.query({ status: "aborted", limit: 100, cursor });
      listed += page.items.length;
      cursor = page.cursor ?? undefined;
    } while (cursor);
    const later = (await admin.api.admin.counts.query()).counts;

    expect(Object.keys(after).sort()).toEqual([
      "aborted",
      "expired",
      "failed",
      "in_review",
      "pending",
      "processing",
      "quarantined",
      "ready",
      "received",
      "rejected",
      "scanning",
    ]);
    // Nothing leaves `aborted`, so the count only grows: ours are in it, and it agrees with the list.
    expect(after.aborted).toBeGreaterThanOrEqual(before.aborted + 3);
    expect(after.aborted).toBeLessThanOrEqual(listed);
    expect(listed).toBeLessThanOrEqual(later.aborted);
  });

  it("is for admins only", async () => {
    const user = await newUser();
    await expectError(user.api.admin.list.query({}), "FORBIDDEN");
    await expectError(user.api.admin.counts.query(), "FORBIDDEN");
    await expectError(client().admin.list.query({}), "UNAUTHORIZED");
    await expectError(client().admin.counts.query(), "UNAUTHORIZED");
  });
});
