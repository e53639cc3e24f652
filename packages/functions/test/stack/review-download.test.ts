import { db } from "@intake/core/dynamo";
import { settings } from "@intake/core/settings";
import { describe, expect, it } from "vitest";
import { eicarBytes } from "@intake/testing/signatures";
import { epub, pdf } from "@intake/testing/files";
import { expectError, newUser } from "@intake/testing/api";
import { send, settled } from "@intake/testing/scan";

type User = Awaited<ReturnType<typeof newUser>>;

/** A scanned book, waiting for review. */
async function bookInReview(owner: User, filename = "Dune (1965).epub") {
  const body = epub();
  const sent = await send(owner.api, owner.sub, {
    purpose: "book",
    filename,
    contentType: "application/epub+zip",
    body,
  });
  expect((await settled(owner.api, sent.uploadId)).status).toBe("in_review");
  return { ...sent, body };
}

async function fetchDownload(user: User, uploadId: string) {
  const { url, expiresAt } = await user.api.upload.download.mutate({ uploadId });
  return { url, expiresAt, response: await fetch(url) };
}

describe("review and downloads", () => {
  it("an in_review book: refused to its owner, allowed to admins, served as an attachment of the stored type", async () => {
    const owner = await newUser();
    const admin = await newUser({ admin: true });
    const other = await newUser();
    const book = await bookInReview(owner);

    const refused = await expectError(
      owner.api.upload.download.mutate({ uploadId: book.uploadId }),
      "CONFLICT",
      "INVALID_STATE",
    );
    expect(refused.data.details.status).toBe("in_review");
    await expectError(other.api.upload.download.mutate({ uploadId: book.uploadId }), "NOT_FOUND");

    const { url, expiresAt, response } = await fetchDownload(admin, book.uploadId);
    // A preview link of a file in review: 5 minutes, on the files origin.
    expect(new URL(url).origin).toBe(settings().files!.origin);
    expect(Number(new URL(url).searchParams.get("Expires")) * 1000).toBe(Date.parse(expiresAt));
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(300_000);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Dune (1965).epub"; filename*=UTF-8''Dune%20%281965%29.epub`,
    );
    expect(response.headers.get("content-type")).toBe("application/epub+zip");
    expect(Buffer.from(await response.arrayBuffer()).equals(book.body)).toBe(true);
  });

  it("approve, reject and admin.list are for admins only", async () => {
    const owner = await newUser();
    const book = await bookInReview(owner);
    await expectError(owner.api.admin.approve.mutate({ uploadId: book.uploadId }), "FORBIDDEN");
    await expectError(owner.api.admin.reject.mutate({ uploadId: book.uploadId, reason: "no" }), "FORBIDDEN");
    await expectError(owner.api.admin.list.query({ status: "in_review" }), "FORBIDDEN");
    expect((await owner.api.upload.get.query({ uploadId: book.uploadId })).status).toBe("in_review");
  });

  it("approve makes a book ready, in the library and downloadable by any reader; who and when are recorded", async () => {
    const owner = await newUser();
    const admin = await newUser({ admin: true });
    const reader = await newUser();
    const book = await bookInReview(owner, "approved.epub");
    const waiting = await bookInReview(owner, "waiting.epub");

    await expect(admin.api.admin.approve.mutate({ uploadId: book.uploadId, note: "fine" })).resolves.toEqual({
      uploadId: book.uploadId,
      status: "ready",
    });
    const stored = (await db().upload.get({ uploadId: book.uploadId }).go({ consistent: true })).data!;
    expect(stored).toMatchObject({ status: "ready", reviewedBy: admin.sub, reviewNote: "fine" });
    expect(Date.now() - Date.parse(stored.reviewedAt!)).toBeLessThan(60_000);
    // A second decision finds it no longer in review.
    await expectError(
      admin.api.admin.reject.mutate({ uploadId: book.uploadId, reason: "late" }),
      "CONFLICT",
      "INVALID_STATE",
    );

    for (const user of [owner, reader, admin]) {
      const { response } = await fetchDownload(user, book.uploadId);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="approved.epub"/);
    }
    const ids = await libraryIds(reader);
    expect(ids).toContain(book.uploadId);
    expect(ids).not.toContain(waiting.uploadId);
  });

  it("reject records the reason; a rejected book is downloadable by nobody", async () => {
    const owner = await newUser();
    const admin = await newUser({ admin: true });
    const book = await bookInReview(owner);
    await expectError(
      admin.api.admin.reject.mutate({ uploadId: book.uploadId, reason: " " }),
      "BAD_REQUEST",
      "VALIDATION",
    );
    await expect(admin.api.admin.reject.mutate({ uploadId: book.uploadId, reason: "Not a book" })).resolves.toEqual({
      uploadId: book.uploadId,
      status: "rejected",
    });
    expect(await owner.api.upload.get.query({ uploadId: book.uploadId })).toMatchObject({
      status: "rejected",
      statusReason: "Not a book",
    });
    const stored = (await db().upload.get({ uploadId: book.uploadId }).go({ consistent: true })).data!;
    expect(stored).toMatchObject({ reviewedBy: admin.sub, reviewNote: "Not a book" });
    await expectError(owner.api.upload.download.mutate({ uploadId: book.uploadId }), "CONFLICT", "INVALID_STATE");
    await expectError(admin.api.upload.download.mutate({ uploadId: book.uploadId }), "CONFLICT", "INVALID_STATE");
    expect(await libraryIds(owner)).not.toContain(book.uploadId);
  });

  it("ready files go to their owner and admins only; quarantined files to nobody", async () => {
    const owner = await newUser();
    const admin = await newUser({ admin: true });
    const other = await newUser();
    const statement = await send(owner.api, owner.sub, {
      purpose: "statement",
      filename: "s.pdf",
      contentType: "application/pdf",
      body: pdf(),
    });
    expect((await settled(owner.api, statement.uploadId)).status).toBe("ready");
    expect((await fetchDownload(owner, statement.uploadId)).response.status).toBe(200);
    expect((await fetchDownload(admin, statement.uploadId)).response.headers.get("content-type")).toBe(
      "application/pdf",
    );
    await expectError(other.api.upload.download.mutate({ uploadId: statement.uploadId }), "NOT_FOUND");
    expect(await libraryIds(other)).not.toContain(statement.uploadId);

    const infected = await send(owner.api, owner.sub, {
      purpose: "statement",
      filename: "v.pdf",
      contentType: "application/pdf",
      body: pdf({ insert: eicarBytes() }),
    });
    expect((await settled(owner.api, infected.uploadId)).status).toBe("quarantined");
    await expectError(owner.api.upload.download.mutate({ uploadId: infected.uploadId }), "CONFLICT", "INVALID_STATE");
    await expectError(admin.api.upload.download.mutate({ uploadId: infected.uploadId }), "CONFLICT", "INVALID_STATE");
  });

  it("admin.list pages everyone's uploads in one status, newest first", async () => {
    const admin = await newUser({ admin: true });
    const alice = await newUser();
    const bob = await newUser();
    const mine = [
      (await bookInReview(alice, "a.epub")).uploadId,
      (await bookInReview(bob, "b.epub")).uploadId,
      (await bookInReview(alice, "c.epub")).uploadId,
    ];
    const seen: Array<{ uploadId: string; createdAt: string; status: string }> = [];
    let cursor: string | null | undefined;
    for (let page = 0; page < 200; page++) {
      const result = await admin.api.admin.list.query({ status: "in_review", limit: 2, cursor: cursor ?? undefined });
      expect(result.items.length).toBeLessThanOrEqual(2);
      seen.push(...result.items);
      cursor = result.cursor;
      if (!cursor || mine.every((id) => seen.some((u) => u.uploadId === id))) break;
    }
    expect(seen.every((u) => u.status === "in_review")).toBe(true);
    expect(new Set(seen.map((u) => u.uploadId)).size).toBe(seen.length);
    const createdAt = seen.map((u) => u.createdAt);
    expect(createdAt).toEqual([...createdAt].sort().reverse());
    // Newest first: the three books in the reverse of the order they were sent.
    expect(seen.map((u) => u.uploadId).filter((id) => mine.includes(id))).toEqual([...mine].reverse());
  });
});

async function libraryIds(user: User): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null | undefined;
  for (let page = 0; page < 50; page++) {
    const result = await user.api.library.list.query({ limit: 50, cursor: cursor ?? undefined });
    // library.list names neither purpose nor status: only a ready book is downloadable by any reader.
    expect(result.items.every((u) => u.title && u.can.download)).toBe(true);
    ids.push(...result.items.map((u) => u.uploadId));
    cursor = result.cursor;
    if (!cursor) break;
  }
  return ids;
}
