// Sliding-log rate limits kept in DynamoDB, so they hold across every Lambda instance: at most
// `limit` actions in ANY window of `windowSeconds`, so a window boundary never doubles a limit.
export * as RateLimit from "./";

import { setTimeout as sleep } from "node:timers/promises";
import { Actor } from "../actor";
import { isConditionFailure } from "../conditional";
import { db, ttlAttribute } from "../dynamo";
import { IntakeError } from "../errors";

/** Per user per minute, for the calls a client repeats (initiate's limit is a setting). */
export const perMinute = {
  "upload.confirm": 60,
  "upload.refresh": 30,
  "upload.signParts": 120,
  "upload.download": 120,
} as const;
export type Action = keyof typeof perMinute;

/**
 * Writes that lose a race with the same user's other calls are retried: each round one of the
 * racing calls wins, so a burst of a few dozen (a page starting a queue of uploads) all settle.
 */
const ATTEMPTS = 30;

/**
 * Counts one `action` by the signed-in caller; refuses with RATE_LIMITED (and the seconds until
 * the oldest counted action leaves the window) once `limit` were counted in the last window.
 */
export async function take(action: string, limit: number, windowSeconds = 60): Promise<void> {
  const subject = Actor.user().userId;
  const windowMs = windowSeconds * 1000;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const now = Date.now();
    const found = (await db().rateLimit.get({ subject, action }).go({ consistent: true })).data;
    const times = (found?.times ?? []).filter((time) => time > now - windowMs);
    if (times.length >= limit) throw limited(limit, Math.ceil((times[0]! + windowMs - now) / 1000));
    const next = { times: [...times, now], [ttlAttribute]: Math.ceil((now + windowMs) / 1000) + 60 };
    try {
      if (found) {
        await db()
          .rateLimit.patch({ subject, action })
          .set(next)
          .add({ revision: 1 })
          .where(({ revision }, { eq }) => eq(revision, found.revision))
          .go({ response: "none" });
      } else {
        await db()
          .rateLimit.create({ subject, action, revision: 1, ...next })
          .go({ response: "none" });
      }
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      await sleep(Math.random() * Math.min(100, 5 * attempt)); // another call of this user's counted first
    }
  }
  throw limited(limit, 1);
}

function limited(limit: number, seconds: number): IntakeError {
  const retryAfterSeconds = Math.max(1, seconds);
  return new IntakeError("RATE_LIMITED", `Too many requests: try again in ${retryAfterSeconds} s`, {
    retryAfterSeconds,
    limit,
  });
}
