// Every upload the API returns says what the caller may do with it, computed by core.
// The books are written to the table directly: reaching in_review and ready through the
// scanner is covered elsewhere, and only the caller's view of them is under test here.
import { db } from "@intake/core/dynamo";
import { Keys } from "@intake/core/keys";
import type { Status } from "@intake/core/upload/lifecycle";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newUser } from "@intake/testing/api";

type Api = Awaited<ReturnType<typeof newUser>>["api"];

async function book(ownerId: string, status: Status) {
  const uploadId = `upl_${randomUUID().replaceAll("-", "")}`;
  await db()
    .upload.create({
      uploadId,
      ownerId,
      purpose: "book",
      title: `Book ${uploadId.slice(-6)}`,
      author: "A. Writer",
      filename: "book.pdf",
      contentType: "application/pdf",
      sizeBytes: 2048,
      status,
      stagingKey: Keys.staging(ownerId, uploadId, "application/pdf"),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    .go();
  return uploadId;
}

/** Pages through a list until the upload shows up. */
async function findIn(
  list: (cursor?: string) => Promise<{ items: { uploadId: string; can: unknown }[]; cursor: string | null }>,
  uploadId: string,
) {
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    const found = page.items.find((item) => item.uploadId === uploadId);
    if (found) return found;
    cursor = page.cursor ?? undefined;
  } while (cursor);
  throw new Error(`${uploadId} is not in the list`);
}

const none = { download: false, abort: false, approve: false, reject: false, purge: false, retry: false };

describe("can", () => {
  it("a book in review: admins may download, approve and reject it; its owner may do nothing yet", async () => {
    const owner = await newUser();
    const admin = await newUser({ admin: true });
    const uploadId = await book(owner.sub, "in_review");
    const all = { download: true, abort: false, approve: true, reject: true, purge: false, retry: false };
    expect((await admin.api.upload.get.query({ uploadId })).can).toEqual(all);
    expect(
      (await findIn((cursor) => admin.api.admin.list.query({ status: "in_review", limit: 100, cursor }), uploadId)).can,
    ).toEqual(all);
    expect((await owner.api.upload.get.query({ uploadId })).can).toEqual(none);
  });

  it("a ready book: any reader may download it from the library, and decide nothing", async () => {
    const owner = await newUser();
    const reader = await newUser();
    const uploadId = await book(owner.sub, "ready");
    const list = (api: Api) => (cursor?: string) => api.library.list.query({ limit: 100, cursor });
    expect((await findIn(list(reader.api), uploadId)).can).toEqual({ ...none, download: true });
    expect((await owner.api.upload.get.query({ uploadId })).can).toEqual({ ...none, download: true });
  });
});
