// Every paged list: exactly `limit` items while more exist, whatever the filter, and a
// cursor only when more exist.
import { invalid } from "./errors";

/** One page of a query: ElectroDB's `count` keeps reading (past what a filter drops) until it has that many. */
type Query<T> = (options: { cursor: string | null; count: number }) => Promise<{ data: T[]; cursor: string | null }>;

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

/**
 * Up to `limit` items from `cursor`. A full page's cursor points just past its last item,
 * which says nothing of whether more follow; one more item is looked for from there, so
 * the last page never hands out a cursor to an empty one.
 */
export async function page<T>(
  { cursor, limit }: { cursor?: string; limit: number },
  query: Query<T>,
): Promise<Page<T>> {
  const found = await paged(cursor, (from) => query({ cursor: from, count: limit }));
  if (found.data.length < limit || !found.cursor) return { items: found.data, cursor: null };
  const next = await query({ cursor: found.cursor, count: 1 });
  return { items: found.data, cursor: next.data.length > 0 ? found.cursor : null };
}

/**
 * Runs a paged query from `cursor`, turning a cursor DynamoDB cannot use into a validation
 * error. Without a cursor nothing the caller sent can be at fault: the error stays a fault.
 */
export async function paged<T>(cursor: string | undefined, run: (cursor: string | null) => Promise<T>): Promise<T> {
  try {
    return await run(cursor ?? null);
  } catch (error) {
    if (cursor !== undefined && isCursorError(error)) throw invalid("cursor", "Invalid cursor");
    throw error;
  }
}

function isCursorError(error: unknown): boolean {
  const e = error as { code?: number; message?: string; cause?: { name?: string } };
  return (
    /cursor|ExclusiveStartKey|pager/i.test(e.message ?? "") ||
    e.cause?.name === "ValidationException" ||
    e.code === 4001
  );
}
