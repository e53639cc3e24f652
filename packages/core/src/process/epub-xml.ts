// Just enough XML reading for an ePub's container and package documents: elements found by
// local name whatever their namespace prefix, attributes, text with CDATA and entities.
// Not a parser: it reads well-formed documents correctly and never throws on broken ones.

export interface Element {
  attributes: Record<string, string>;
  /** The text content: CDATA kept as is, tags dropped, entities decoded, white space collapsed. */
  text: string;
}

const NAME = "[A-Za-z_][\\w.-]*";
const PREFIX = `(?:${NAME}:)?`;

/** The document without comments, processing instructions and the doctype. */
export function stripNoise(xml: string): string {
  return xml
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<\?[\s\S]*?\?>/g, "")
    .replace(/<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>/gi, "");
}

/** The content of the first `<localName>` element (any prefix), or undefined. */
export function block(xml: string, localName: string): string | undefined {
  const match = new RegExp(`<${PREFIX}${localName}(?:\\s[^>]*)?>([\\s\\S]*?)</${PREFIX}${localName}\\s*>`, "i").exec(
    xml,
  );
  return match?.[1];
}

/** Every `<localName …>…</localName>` or `<localName …/>` (any prefix), in document order. */
export function elements(xml: string, localName: string): Element[] {
  const pattern = new RegExp(
    `<${PREFIX}${localName}(\\s(?:[^>"']|"[^"]*"|'[^']*')*?)?(?:/>|>([\\s\\S]*?)</${PREFIX}${localName}\\s*>)`,
    "gi",
  );
  return [...xml.matchAll(pattern)].map((match) => ({
    attributes: attributes(match[1] ?? ""),
    text: textOf(match[2] ?? ""),
  }));
}

/** Attributes by local name (`opf:role` is `role`), values entity-decoded. */
export function attributes(source: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of source.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = match[1]!.replace(/^.*:/, "").toLowerCase();
    if (match[1]!.startsWith("xmlns")) continue;
    found[name] ??= decodeEntities(match[2] ?? match[3] ?? "");
  }
  return found;
}

export function textOf(content: string): string {
  let text = "";
  for (const part of content.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)) {
    text += part.startsWith("<![CDATA[") ? part.slice(9, -3) : decodeEntities(part.replace(/<[^>]*>/g, ""));
  }
  return text.replace(/\s+/g, " ").trim();
}

const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith("#")) {
      const code = ref[1] === "x" || ref[1] === "X" ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : "";
    }
    return named[ref] ?? whole;
  });
}

/** The text of a document as stored: UTF-16 when it starts with a byte order mark, else UTF-8. */
export function decodeDocument(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)))
      .swap16()
      .toString("utf16le");
  }
  return bytes.toString("utf8").replace(/^\uFEFF/, "");
}
