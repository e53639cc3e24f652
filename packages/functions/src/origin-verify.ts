// Deployed, the API is reached through the site's CloudFront distribution, which adds a
// secret header to every request it forwards; a request to API Gateway's own URL lacks it.
import { settings } from "@intake/core/settings";
import { timingSafeEqual } from "node:crypto";

export const originVerifyHeader = "x-origin-verify";

/** True when no secret is configured (local mode, `sst dev`) or the request carries it. */
export function cameThroughCloudFront(headers: Record<string, string | undefined>): boolean {
  const expected = settings().originVerifySecret;
  if (!expected) return true;
  const given = Buffer.from(headers[originVerifyHeader] ?? "");
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
