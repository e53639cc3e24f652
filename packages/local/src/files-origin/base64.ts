// CloudFront's URL-safe base64: `+` → `-`, `=` → `_`, `/` → `~`. Strict: anything else, or a
// value that does not re-encode to itself, is not a value CloudFront's signer produced.
const alphabet = /^[A-Za-z0-9~-]*_{0,2}$/;

export function encode(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");
}

/** The bytes, or undefined when `text` is not canonical CloudFront base64. */
export function decode(text: string): Buffer | undefined {
  if (text.length === 0 || text.length % 4 !== 0 || !alphabet.test(text)) return undefined;
  const bytes = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");
  return encode(bytes) === text ? bytes : undefined;
}
