// One PDF's inspection, run inside the worker: PDF.js decides whether it is a document and
// reads its metadata; pdf-lib walks its objects for active content.
import { EncryptedPDFError, PDFDocument } from "pdf-lib";
import type { Inspection, Metadata } from "../inspection";
import { activeContent, BadStructure } from "./active-content";
import { open } from "./open";

/** With `text`, a clean inspection also carries the text layer (for invoice fields). */
export async function inspect(bytes: Uint8Array, options: { text?: boolean } = {}): Promise<Inspection> {
  const opened = await open(bytes.slice(), options);
  if (!opened.ok) return { result: "malformed", detail: opened.detail };

  let doc: PDFDocument;
  try {
    // An object pdf-lib cannot read could hide an action: refuse rather than pass it unread.
    doc = await PDFDocument.load(bytes, { ignoreEncryption: false, throwOnInvalidObject: true, updateMetadata: false });
  } catch (error) {
    // Encrypted streams and strings cannot be checked: an encrypted PDF is refused even when
    // PDF.js opens it without a password.
    if (error instanceof EncryptedPDFError)
      return { result: "malformed", detail: "encrypted: its content cannot be checked" };
    return { result: "malformed", detail: `its objects cannot be read: ${messageOf(error)}` };
  }

  let found: string[];
  try {
    found = activeContent(doc);
  } catch (error) {
    if (error instanceof BadStructure) return { result: "malformed", detail: error.message };
    throw error;
  }
  if (opened.xfa && !found.includes("XFA form")) found.push("XFA form");
  if (found.length > 0) return { result: "active_content", found };
  return {
    result: "clean",
    disarm: "checked",
    removed: [],
    metadata: defined(opened.metadata),
    ...(opened.text !== undefined ? { text: opened.text } : {}),
  };
}

function defined(metadata: Metadata): Metadata {
  return Object.fromEntries(Object.entries(metadata).filter(([, value]) => value !== undefined));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
