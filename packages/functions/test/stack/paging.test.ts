// Every paged list holds exactly `limit` items while more exist, whatever the filter, and a
// cursor only when more exist. The uploads are written to the table directly: 30 uploads in
// four statuses cannot be made through the API inside its per-user initiate limit.
import { db } from "@intake/core/dynamo";
import { Keys } from "@intake/core/keys";
import type { Status } from "@intake/core/upload/lifecycle";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { newUser } from "@intake/testing/api";

type Api = Awaited<ReturnType<typeof newUser>>["api"];

const pattern: Status[] = ["ready", "pending", "ready", "quarantined", "pending", "aborted"];

/** Pages through upload.list, checking each page's size and cursor as it goes; returns the ids in order. */
async function pageThrough(api: Api, status: Status | undefined, limit: number) {
  const pages: { size: number; cursor: boolean }[] = [];
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.upload.list.query({ status, limit, cursor });
    pages.push({ size: page.items.length, cursor: Boolean(page.cursor) });
    ids.push(...page.items.map((item) => item.uploadId));
    cursor = page.cursor ?? undefined;
  } while (cursor && pages.length < 50);
  return { pages, ids };
}

describe("upload.list pages", () => {
  let api: Api;
  /** Newest first, as the list returns them. */
  const uploads: { uploadId: string; status: Status }[] = [];

  beforeAll(async () => {
    const user = await newUser();
    api = user.api;
    const base = Date.now() - 60_000;
    for (let i = 0; i < 30; i++) {
      const uploadId = `upl_${randomUUID().replaceAll("-", "")}`;
      const status = pattern[i % pattern.length]!;
      await db()
        .upload.create({
          uploadId,
          ownerId: user.sub,
          purpose: "invoice",
          filename: `invoice-${i}.pdf`,
          contentType: "application/pdf",
          sizeBytes: 1000 + i,
          status,
          stagingKey: Keys.staging(user.sub, uploadId, "application/pdf"),
          expiresAt: new Date(base + 3_600_000).toISOString(),
          createdAt: new Date(base + i * 1000).toISOString(),
        })
        .go();
      uploads.unshift({ uploadId, status });
    }
  });

  const expected = (status?: Status) => uploads.filter((u) => !status || u.status === status).map((u) => u.uploadId);

  it.each([
    { status: "ready" as const, limit: 5, sizes: [5, 5] }, // 10 ready: the last full page has no cursor
    { status: "pending" as const, limit: 3, sizes: [3, 3, 3, 1] }, // 10 pending
    { status: "quarantined" as const, limit: 5, sizes: [5] }, // 5 quarantined: all on one page
    { status: "aborted" as const, limit: 2, sizes: [2, 2, 1] }, // 5 aborted
    { status: "in_review" as const, limit: 4, sizes: [0] },
    { status: undefined, limit: 7, sizes: [7, 7, 7, 7, 2] },
  ])(
    "status $status, limit $limit: full pages, a cursor only while more exist, each upload once",
    async ({ status, limit, sizes }) => {
      const { pages, ids } = await pageThrough(api, status, limit);
      expect(pages).toEqual(sizes.map((size, i) => ({ size, cursor: i < sizes.length - 1 })));
      expect(ids).toEqual(expected(status));
    },
  );

  it("each upload says what its owner may do with it", async () => {
    const { items } = await api.upload.list.query({ limit: 30 });
    for (const item of items) {
      expect(item.can).toEqual({
        download: item.status === "ready",
        abort: item.status === "pending",
        approve: false,
        reject: false,
        purge: false,
        retry: false,
      });
    }
  });
});
