// What an admin can do with files that went wrong (issue 14): delete quarantined and failed
// uploads for good, and send a failed one back to its scan. The failures are real: a virus
// for quarantine, a scan whose bytes were not in staging for failed.
import { describe, expect, it } from "vitest";
import { expectError, newUser, put } from "@intake/testing/api";
import { failedScan } from "@intake/testing/failed";
import { pdf } from "@intake/testing/files";
import { send, settled, whereIs, locations } from "@intake/testing/scan";
import { eicarBytes } from "@intake/testing/signatures";

const statement = { purpose: "statement", filename: "statement.pdf", contentType: "application/pdf" } as const;

describe("admin actions on quarantined and failed uploads", () => {
  it("a failed scan can be re-scanned once its bytes are there, and ends ready", async () => {
    const owner = await newUser();
    const admin = await newUser({ admin: true });
    const failed = await failedScan(owner.api, owner.sub);

    expect((await admin.api.upload.get.query({ uploadId: failed.uploadId })).can).toMatchObject({
      purge: true,
      retry: true,
    });
    expect((await owner.api.upload.get.query({ uploadId: failed.uploadId })).can).toMatchObject({
      purge: false,
      retry: false,
    });
    await expectError(owner.api.admin.retry.mutate({ uploadId: failed.uploadId }), "FORBIDDEN");

    // The bytes arrive late: their S3 event finds the upload failed and leaves it there.
    expect((await put(failed.url, failed.headers, failed.body)).status).toBe(200);
    const retried = await admin.api.admin.retry.mutate({ uploadId: failed.uploadId });
    expect(retried).toMatchObject({ uploadId: failed.uploadId, status: "received" });

    const upload = await settled(owner.api, failed.uploadId);
    expect(upload.status).toBe("ready");
    expect(upload.statusReason).toBeUndefined();
    expect(await whereIs(locations(owner.sub, failed.uploadId, "application/pdf"))).toEqual(["production"]);
    await expectError(admin.api.admin.retry.mutate({ uploadId: failed.uploadId }), "CONFLICT", "INVALID_STATE");
  }, 120_000);

  it("a quarantined file is deleted for good: the copy in quarantine and the record", async () => {
    const owner = await newUser();
    const admin = await newUser({ admin: true });
    const sent = await send(owner.api, owner.sub, { ...statement, body: pdf({ insert: eicarBytes() }) });
    expect((await settled(owner.api, sent.uploadId)).status).toBe("quarantined");
    await expectError(admin.api.admin.retry.mutate({ uploadId: sent.uploadId }), "CONFLICT", "INVALID_STATE");
    await expectError(owner.api.admin.purge.mutate({ uploadId: sent.uploadId }), "FORBIDDEN");

    expect(await admin.api.admin.purge.mutate({ uploadId: sent.uploadId })).toEqual({
      uploadId: sent.uploadId,
      deleted: true,
    });
    expect(await whereIs(sent.locations)).toEqual([]);
    await expectError(owner.api.upload.get.query({ uploadId: sent.uploadId }), "NOT_FOUND");
    const listed = await admin.api.admin.list.query({ status: "quarantined", limit: 100 });
    expect(listed.items.map((item) => item.uploadId)).not.toContain(sent.uploadId);
    await expectError(admin.api.admin.purge.mutate({ uploadId: sent.uploadId }), "NOT_FOUND");
  });

  it("a failed upload is deleted for good with its staged bytes; a ready one cannot be", async () => {
    const owner = await newUser();
    const admin = await newUser({ admin: true });
    const failed = await failedScan(owner.api, owner.sub);
    expect((await put(failed.url, failed.headers, failed.body)).status).toBe(200);
    const where = locations(owner.sub, failed.uploadId, "application/pdf");
    expect(await whereIs(where)).toEqual(["staging"]);

    await admin.api.admin.purge.mutate({ uploadId: failed.uploadId });
    expect(await whereIs(where)).toEqual([]);
    await expectError(admin.api.upload.get.query({ uploadId: failed.uploadId }), "NOT_FOUND");

    const clean = await send(owner.api, owner.sub, { ...statement, body: pdf() });
    expect((await settled(owner.api, clean.uploadId)).status).toBe("ready");
    await expectError(admin.api.admin.purge.mutate({ uploadId: clean.uploadId }), "CONFLICT", "INVALID_STATE");
    expect(await whereIs(clean.locations)).toEqual(["production"]);
  }, 120_000);
});
