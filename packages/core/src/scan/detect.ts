// The real type of a file from its first bytes, and whether that type may be kept.
import { fileTypeFromBuffer } from "file-type";

/** Kinds no purpose may ever hold, whatever was declared: code a machine or browser would run. */
const forbidden = new Set([
  "application/x-msdownload", // PE: .exe, .dll
  "application/x-elf",
  "application/x-mach-binary",
  "application/wasm",
  "application/java-vm",
  "application/java-archive",
  "application/vnd.android.package-archive",
  "application/x-shockwave-flash",
  "application/x-ms-regedit",
  "application/x.ms.shortcut",
  "application/x-google-chrome-extension",
  "application/x-xpinstall",
  "application/vnd.ms-htmlhelp",
  "text/x-shellscript",
  "text/html",
]);

export type TypeProblem = "FORBIDDEN_TYPE" | "TYPE_MISMATCH";

export interface TypeCheck {
  detectedType: string;
  problem?: TypeProblem;
}

/**
 * Reads the real type from `head` (the file's first bytes) and compares it with what the
 * client declared and what the purpose allows.
 */
export async function checkType(
  head: Uint8Array,
  expected: { declared: string; allowed: readonly string[] },
): Promise<TypeCheck> {
  if (head.length === 0) return { detectedType: "application/x-empty", problem: "TYPE_MISMATCH" };
  let detectedType = (await fileTypeFromBuffer(head))?.mime ?? sniffText(head);
  if (detectedType === "application/xml" && /<svg[\s>]/i.test(latin1(head))) detectedType = "image/svg+xml";
  if (forbidden.has(detectedType) || (detectedType === "image/svg+xml" && svgHasScript(head))) {
    return { detectedType, problem: "FORBIDDEN_TYPE" };
  }
  if (detectedType !== expected.declared || !expected.allowed.includes(detectedType)) {
    return { detectedType, problem: "TYPE_MISMATCH" };
  }
  return { detectedType };
}

/** What file-type cannot name: scripts, HTML, SVG, other text. */
function sniffText(head: Uint8Array): string {
  const text = latin1(head).replace(/^\xEF\xBB\xBF/, ""); // a UTF-8 byte order mark
  if (text.startsWith("#!")) return "text/x-shellscript";
  const start = text.trimStart();
  if (isHtml(start)) return "text/html";
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i.test(start)) return "image/svg+xml";
  if (/^<\?xml\s/i.test(start)) return /<svg[\s>]/i.test(start) ? "image/svg+xml" : "application/xml";
  return isText(head) ? "text/plain" : "application/octet-stream";
}

// The WHATWG MIME sniffing patterns for HTML: one of these tags, then a space or ">".
const htmlStart = /^<(!DOCTYPE HTML|HTML|HEAD|SCRIPT|IFRAME|H1|DIV|FONT|TABLE|A|STYLE|TITLE|B|BODY|BR|P|!--)[\s>]/i;

function isHtml(start: string): boolean {
  return htmlStart.test(start);
}

function svgHasScript(head: Uint8Array): boolean {
  const text = latin1(head);
  return /<script[\s>]|\son[a-z]+\s*=|javascript:|<foreignObject[\s>]|<iframe[\s>]/i.test(text);
}

function isText(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b) || byte === 0x7f) return false;
  }
  return true;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}
