export * as Library from "./";

import { z } from "zod";
import { db } from "../dynamo";
import { Upload } from "../upload";
import { Cursor, Limit } from "../upload/schema";
import { fn } from "../validate";

export const ListInput = z.object({ cursor: Cursor, limit: Limit });

/** Approved books (`ready`), newest first, for any signed-in reader. */
export const list = fn(ListInput, async ({ cursor, limit }) => {
  const page = await Upload.paged(cursor, (from) =>
    db()
      .upload.query.byStatus({ status: "ready" })
      .where((a, { eq }) => eq(a.purpose, "book"))
      .go({ order: "desc", cursor: from, count: limit }),
  );
  return { items: page.data.map(Upload.toPublic), cursor: page.cursor };
});
