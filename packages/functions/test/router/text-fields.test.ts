// Free text people type is stored as people will read it: NFC, no control characters, no
// direction overrides that make one string display as another. The books are written to
// the table directly where a status the scanner gives is needed.
import { db } from "@intake/core/dynamo";
import { Keys } from "@intake/core/keys";
import type { Status } from "@intake/core/upload/lifecycle";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { as, refusal, someone } from "./helpers";

const book = { purpose: "book" as const, filename: "book.pdf", contentType: "application/pdf", sizeBytes: 2048 };
const RLO = "\u202E";

async function storedBook(ownerId: string, status: Status, fields: { title: string; filename?: string }) {
  const uploadId = `upl_${randomUUID().replaceAll("-", "")}`;
  await db()
    .upload.create({
      uploadId,
      ownerId,
      purpose: "book",
      title: fields.title,
      author: "A. Writer",
      description: "A story.",
      filename: fields.filename ?? "book.pdf",
      contentType: "application/pdf",
      sizeBytes: 2048,
      status,
      stagingKey: Keys.staging(ownerId, uploadId, "application/pdf"),
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    .go();
  return uploadId;
}

describe("title, author and description", () => {
  it("are stored NFC, without NUL, line breaks in one-line fields, or direction overrides", async () => {
    const owner = as(someone());
    const started = await owner.upload.initiate({
      ...book,
      title: `Safe${RLO}gnp.exe\0`,
      author: "Jose\u0301\r\nEvil: header",
      description: "First line\r\nsecond\u2066 line\0\u0007",
    });
    const upload = await owner.upload.get({ uploadId: started.uploadId });
    expect(upload.title).toBe("Safegnp.exe");
    expect(upload.author).toBe("José Evil: header");
    expect(upload.description).toBe("First line\nsecond line");
  });

  it.each([
    ["title", { title: `${RLO}\u2066\0`, author: "Someone" }],
    ["author", { title: "A title", author: "\r\n\u200F\t " }],
    ["description", { title: "A title", author: "Someone", description: "\0\u202A\u202C" }],
  ])("refuses a %s that is empty once cleaned (VALIDATION)", async (field, fields) => {
    const shape = await refusal(as(someone()).upload.initiate({ ...book, ...fields }), "upload.initiate");
    expect(shape.data.appCode).toBe("VALIDATION");
    expect(JSON.stringify(shape.data.details)).toContain(field);
  });

  it("a filename with a direction override is refused, as any control character", async () => {
    const shape = await refusal(
      as(someone()).upload.initiate({ ...book, filename: `Safe${RLO}fdp.exe`, title: "T", author: "A" }),
      "upload.initiate",
    );
    expect(shape.data.appCode).toBe("VALIDATION");
  });
});

describe("a rejection reason", () => {
  it("is cleaned as the owner will read it, and refused when nothing visible is left", async () => {
    const owner = someone();
    const admin = as(someone({ admin: true }));
    const uploadId = await storedBook(owner.userId, "in_review", { title: "Waiting" });
    const empty = await refusal(admin.admin.reject({ uploadId, reason: `\0${RLO}\u2069 ` }), "admin.reject");
    expect(empty.data.appCode).toBe("VALIDATION");
    await admin.admin.reject({ uploadId, reason: `Not a book${RLO}\0.\r\nSee the rules.` });
    expect((await as(owner).upload.get({ uploadId })).statusReason).toBe("Not a book.\nSee the rules.");
  });
});

describe("library.list", () => {
  it("gives a reader what a library shows, and not who uploaded it or the original filename", async () => {
    const owner = someone();
    const uploadId = await storedBook(owner.userId, "ready", {
      title: `Library ${randomUUID()}`,
      filename: "my-home-folder-name.pdf",
    });
    const reader = as(someone());
    let found: Record<string, unknown> | undefined;
    let cursor: string | undefined;
    do {
      const page = await reader.library.list({ limit: 100, cursor });
      found = page.items.find((item) => item.uploadId === uploadId);
      cursor = page.cursor ?? undefined;
    } while (!found && cursor);
    expect(found).toBeDefined();
    expect(Object.keys(found!).sort()).toEqual(
      [
        "author",
        "can",
        "contentType",
        "createdAt",
        "description",
        "pageCount",
        "sizeBytes",
        "title",
        "uploadId",
      ].sort(),
    );
    expect(found).toMatchObject({ author: "A. Writer", contentType: "application/pdf", can: { download: true } });
    expect(JSON.stringify(found)).not.toContain(owner.userId);
    expect(JSON.stringify(found)).not.toContain("my-home-folder-name");
  });
});
