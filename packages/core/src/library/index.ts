export * as Library from "./";

import { z } from "zod";
import { Actor } from "../actor";
import { db } from "../dynamo";
import { page } from "../paging";
import type { Purpose } from "../purpose";
import { Upload } from "../upload";
import { libraryPurposes } from "../upload/lifecycle";
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
  return { items: found.items.map((item) => Upload.toPublic(item, user)), cursor: found.cursor };
});
