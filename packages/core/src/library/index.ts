export * as Library from "./";

import { z } from "zod";
import { Actor } from "../actor";
import { db } from "../dynamo";
import { page } from "../paging";
import type { Purpose } from "../purpose";
import { access, libraryPurposes, type Viewer } from "../upload/lifecycle";
import type { UploadItem } from "../upload/store";
import { Cursor, Limit } from "../upload/schema";
import { fn } from "../validate";

export const ListInput = z.object({ cursor: Cursor, limit: Limit });

/** Approved books (`ready`), newest first, for any signed-in reader. */
export const list = fn(ListInput, async ({ cursor, limit }) => {
  const user = Actor.user();
  const query = db()
    .upload.query.byStatus({ status: "ready" })
    .where((a, { eq }) => libraryPurposes.map((purpose: Purpose.Name) => eq(a.purpose, purpose)).join(" OR "));
  const found = await page({ cursor, limit }, (options) => query.go({ order: "desc", ...options }));
  return { items: found.items.map((item) => toBook(item, user)), cursor: found.cursor };
});

/** What a reader needs to pick a book: never who uploaded it or the name of their file. */
export function toBook(item: UploadItem, viewer: Viewer) {
  return {
    uploadId: item.uploadId,
    title: item.title,
    author: item.author,
    description: item.description,
    contentType: item.contentType,
    sizeBytes: item.sizeBytes,
    /** Read by processing from the document itself. */
    pageCount: item.processing?.metadata?.pageCount,
    createdAt: item.createdAt,
    can: access(item, viewer).can,
  };
}
export type Book = ReturnType<typeof toBook>;
