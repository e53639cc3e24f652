// Free text people type (titles, authors, descriptions, review notes): what may be stored,
// so it reads the same to everyone. Pure, so the browser's form checks it the same way.
export * as Text from "./text";

import { z } from "zod";

// Marks, embeddings, overrides and isolates: they make a string display as another
// ("Safe\u202Egnp.exe" reads "Safeexe.png"). Other format characters (ZWJ in emoji, ZWNJ in
// Persian) are part of writing and stay.
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const lineBreaks = /\r\n?|[\u0085\u2028\u2029]/g;
const controls = /\p{Cc}/gu;

/** NFC, no direction controls, no control characters; LF kept only when `multiline`. */
export function clean(value: string, options: { multiline?: boolean } = {}): string {
  const text = value.normalize("NFC").replace(bidiControls, "").replace(lineBreaks, "\n");
  if (options.multiline) {
    return text
      .replace(/\t/g, " ")
      .replace(controls, (c) => (c === "\n" ? c : ""))
      .trim();
  }
  return text
    .replace(/[\t\n\v\f]/g, " ")
    .replace(controls, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** A text field of at most `max` characters once cleaned, refused when nothing visible is left. */
export const field = (max: number, options: { multiline?: boolean; empty?: string } = {}) =>
  z
    .string()
    .max(max * 2)
    .transform((value) => clean(value, options))
    .pipe(
      z
        .string()
        .min(1, options.empty ?? "Must contain visible text")
        .max(max),
    );
