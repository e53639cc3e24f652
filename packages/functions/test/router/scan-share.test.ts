// One uploader's share of the scanner (issue 16, item 3): the per-owner leases in the table,
// against DynamoDB Local. A lease lasts the scan deadline (INTAKE_SCAN_TIMEOUT_SECONDS) plus a
// margin; the tests move a clock of their own past it rather than wait.
import { ScanShare } from "@intake/core/scan/share";
import { settings } from "@intake/core/settings";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";

const owner = () => `owner_${randomUUID().slice(0, 12)}`;
const upload = () => `upload_${randomUUID().slice(0, 12)}`;
const clock = (seconds: number) => () => seconds;
const start = Math.floor(Date.now() / 1000);

describe("ScanShare.acquire", () => {
  it("lets exactly the share of 20 concurrent scans of one owner start", async () => {
    const ownerId = owner();
    const uploads = Array.from({ length: 20 }, upload);
    const results = await Promise.all(uploads.map((uploadId) => ScanShare.acquire({ ownerId, uploadId }, 3)));
    const taken = uploads.filter((_, i) => results[i]!.taken);
    expect(taken).toHaveLength(3);
    expect(Object.keys(await ScanShare.leases(ownerId)).sort()).toEqual([...taken].sort());
  });

  it("holds no other owner back", async () => {
    const busy = owner();
    for (let i = 0; i < 2; i++)
      expect((await ScanShare.acquire({ ownerId: busy, uploadId: upload() }, 2)).taken).toBe(true);
    expect((await ScanShare.acquire({ ownerId: busy, uploadId: upload() }, 2)).taken).toBe(false);
    const other = owner();
    expect((await ScanShare.acquire({ ownerId: other, uploadId: upload() }, 2)).taken).toBe(true);
    expect((await ScanShare.acquire({ ownerId: other, uploadId: upload() }, 2)).taken).toBe(true);
  });

  it("gives a place back on release, to the next of the owner's uploads", async () => {
    const ownerId = owner();
    const first = { ownerId, uploadId: upload() };
    const held = await ScanShare.acquire(first, 1);
    expect(held.taken).toBe(true);
    const next = { ownerId, uploadId: upload() };
    expect((await ScanShare.acquire(next, 1)).taken).toBe(false);
    if (held.taken) await ScanShare.release(first, held.until);
    expect(await ScanShare.leases(ownerId)).toEqual({});
    expect((await ScanShare.acquire(next, 1)).taken).toBe(true);
  });

  it("lets the same upload take its lease again (a redelivery), without a second place", async () => {
    const ownerId = owner();
    const lease = { ownerId, uploadId: upload() };
    expect((await ScanShare.acquire(lease, 1)).taken).toBe(true);
    expect((await ScanShare.acquire(lease, 1)).taken).toBe(true);
    expect(Object.keys(await ScanShare.leases(ownerId))).toEqual([lease.uploadId]);
    expect((await ScanShare.acquire({ ownerId, uploadId: upload() }, 1)).taken).toBe(false);
  });

  it("reclaims a lease a crashed scan left, once it is past the scan deadline", async () => {
    const ownerId = owner();
    const crashed = { ownerId, uploadId: upload() };
    const held = await ScanShare.acquire(crashed, 1, clock(start));
    expect(held).toEqual({ taken: true, until: start + settings().scan.timeoutSeconds + 60 });
    const next = { ownerId, uploadId: upload() };
    // Within the deadline the crashed scan might still be running: its place stays held.
    const deadline = start + settings().scan.timeoutSeconds;
    expect((await ScanShare.acquire(next, 1, clock(deadline))).taken).toBe(false);
    const later = start + settings().scan.timeoutSeconds + 61;
    expect((await ScanShare.acquire(next, 1, clock(later))).taken).toBe(true);
    expect(Object.keys(await ScanShare.leases(ownerId))).toEqual([next.uploadId]);
  });

  it("does not take back a lease the upload took again, when its earlier scan releases late", async () => {
    const ownerId = owner();
    const lease = { ownerId, uploadId: upload() };
    const earlier = await ScanShare.acquire(lease, 1, clock(start));
    const again = await ScanShare.acquire(lease, 1, clock(start + 10));
    if (earlier.taken) await ScanShare.release(lease, earlier.until);
    expect(await ScanShare.leases(ownerId)).toEqual({ [lease.uploadId]: again.taken && again.until });
  });
});
