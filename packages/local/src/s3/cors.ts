import type { Context } from "s3rver";

/**
 * Sets the CORS response headers s3rver's own cors middleware would set for this origin and
 * method (it only runs inside s3rver's router), so a browser can read the strict middleware's
 * refusals and its ListParts/Abort answers.
 */
export async function applyCors(ctx: Context, bucket: string): Promise<void> {
  const origin = ctx.get("origin");
  if (!origin || !bucket) return;
  const config = await ctx.store.getSubresource(bucket, undefined, "cors").catch(() => null);
  const rule = config?.matchRule(origin, ctx.method);
  if (!rule) return;
  ctx.set("Access-Control-Allow-Origin", rule.hasWildcardOrigin ? "*" : origin);
  if (rule.exposeHeaders.length) ctx.set("Access-Control-Expose-Headers", rule.exposeHeaders.join(", "));
  if (rule.maxAgeSeconds != null) ctx.set("Access-Control-Max-Age", String(rule.maxAgeSeconds));
  ctx.set("Access-Control-Allow-Credentials", "true");
  ctx.set("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
}
