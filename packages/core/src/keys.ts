// S3 key rules and filename sanitising. Pure, so the browser and tests can use them.
export * as Keys from "./keys";

import { extensions } from "./purpose";

/** Owner and upload ids become key segments: only this alphabet may reach a key. */
const segment = /^[A-Za-z0-9_-]{1,128}$/;

export function isSafeSegment(value: string): boolean {
  return segment.test(value);
}

function objectName(ownerId: string, uploadId: string, contentType: string): string {
  if (!isSafeSegment(ownerId)) throw new Error("owner id is not a safe key segment");
  if (!isSafeSegment(uploadId)) throw new Error("upload id is not a safe key segment");
  const ext = extensions[contentType];
  if (!ext) throw new Error(`no extension for content type ${contentType}`);
  return `${ownerId}/${uploadId}.${ext}`;
}

export const staging = (o: string, u: string, t: string) => `staging/${objectName(o, u, t)}`;
export const production = (o: string, u: string, t: string) => `files/${objectName(o, u, t)}`;
export const quarantine = (o: string, u: string, t: string) => `quarantine/${objectName(o, u, t)}`;

/** Parses a staging key back to its owner and upload ids (for S3 events). */
export function parseStaging(key: string): { ownerId: string; uploadId: string } | undefined {
  const match = /^staging\/([A-Za-z0-9_-]{1,128})\/([A-Za-z0-9_-]{1,128})\.[a-z]+$/.exec(key);
  return match ? { ownerId: match[1]!, uploadId: match[2]! } : undefined;
}

// Control and format characters (C0, C1, DEL, bidi overrides, zero-width), and path separators.
const unsafeCharacter = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const separator = /[/\\]/;

/** Why a client's filename is refused, or undefined when it is acceptable. */
export function filenameProblem(name: string): string | undefined {
  if (name.trim().length === 0) return "Filename is empty";
  if (unsafeCharacter.test(name)) return "Filename contains control characters";
  if (separator.test(name)) return "Filename contains a path separator";
  if (/^\.+$/.test(name.trim())) return "Filename is not a name";
  if (new TextEncoder().encode(name).length > 255) return "Filename is longer than 255 bytes";
  return undefined;
}

/**
 * The name kept for Content-Disposition: NFC, no control characters or separators,
 * no leading dots, whitespace collapsed, at most 255 UTF-8 bytes. Never empty.
 */
export function sanitizeFilename(name: string): string {
  let clean = name
    .normalize("NFC")
    .replace(new RegExp(unsafeCharacter.source, "gu"), "")
    .replace(/[/\\]/g, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  const encoder = new TextEncoder();
  while (encoder.encode(clean).length > 255) clean = Array.from(clean).slice(0, -1).join("");
  return clean.length > 0 ? clean : "file";
}

/** Names a file of each verified type may already end in, besides its key's extension. */
const aliases: Record<string, readonly string[]> = { jpg: ["jpeg", "jpe"], tiff: ["tif"] };

/**
 * The name a file is stored and served under: the sanitised name, ending in its verified
 * type's extension. A name that ends otherwise keeps it and gains the right one
 * (`receipt.html` → `receipt.html.png`): the saved file opens as what it is, and the
 * person still sees the name they gave it (what a "." means in a name is not ours to guess).
 */
export function servedFilename(name: string, contentType: string): string {
  const ext = extensions[contentType];
  if (!ext) throw new Error(`no extension for content type ${contentType}`);
  const clean = sanitizeFilename(name);
  const current = /\.([^.]+)$/.exec(clean)?.[1]?.toLowerCase();
  if (current === ext || (current && aliases[ext]?.includes(current))) return clean;
  const suffix = `.${ext}`;
  let stem = clean.replace(/[.\s]+$/, "");
  const encoder = new TextEncoder();
  while (encoder.encode(stem + suffix).length > 255) stem = Array.from(stem).slice(0, -1).join("");
  return `${stem || "file"}${suffix}`;
}

/** `attachment` with an ASCII fallback and the exact name per RFC 6266 / RFC 5987. */
export function contentDisposition(name: string): string {
  const clean = sanitizeFilename(name);
  const ascii =
    clean
      .normalize("NFKD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/["\\%]/g, "_")
      .trim() || "file";
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
