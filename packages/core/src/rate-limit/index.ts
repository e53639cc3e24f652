// Fixed-window rate limits kept in DynamoDB, so they hold across every Lambda instance.
export * as RateLimit from "./";

import { Actor } from "../actor";
import { db, ttlAttribute } from "../dynamo";
import { IntakeError } from "../errors";
import { isConditionFailure } from "../conditional";

/**
 * Counts one `action` by the signed-in caller; refuses with RATE_LIMITED (and the seconds until the
 * window ends) once `limit` actions were counted in the current window.
 */
export async function take(action: string, limit: number, windowSeconds = 60): Promise<void> {
  const subject = Actor.user().userId;
  const nowSeconds = Date.now() / 1000;
  const windowStart = Math.floor(nowSeconds / windowSeconds) * windowSeconds;
  try {
    await db()
      .rateLimit.update({ subject, action, windowStart })
      .add({ count: 1 })
      .set({ [ttlAttribute]: windowStart + windowSeconds * 2 })
      .where(({ count }, { notExists, lt }) => `${notExists(count)} OR ${lt(count, limit)}`)
      .go({ response: "none" });
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const retryAfterSeconds = Math.max(1, Math.ceil(windowStart + windowSeconds - nowSeconds));
    throw new IntakeError("RATE_LIMITED", `Too many requests: try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
      limit,
    });
  }
}
