/** An ETag as stored and compared: no quotes, no weak prefix, lower case. */
export function normalizeEtag(etag: string): string {
  return etag.trim().replace(/^W\//, "").replace(/^"|"$/g, "").toLowerCase();
}
