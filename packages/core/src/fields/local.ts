// The local engine: the PDF's text layer (read in the PDF worker) or OCR of the image, then
// the field parser. A PDF without a text layer (a scan) cannot be rendered here (PDF.js
// needs a canvas to draw a page), so it yields no fields and is classified `other`.
import type { Document } from "./document";
import { assemble, type Fields, type FoundFields } from "./fields";
import { recognise } from "./ocr";
import { parseFields } from "./parse";

export async function localFields(document: Document): Promise<Fields> {
  if (document.contentType === "application/pdf") return fromText(document.text ?? "", 1, document);
  const { text, confidence } = await recognise(document.bytes, document.limits);
  return fromText(text, confidence, document);
}

function fromText(text: string, sureness: number, document: Document): Fields {
  const parsed = parseFields(text);
  const found: FoundFields = {};
  for (const [name, field] of Object.entries(parsed.found)) {
    found[name as keyof FoundFields] = { value: field.value, confidence: field.confidence * sureness };
  }
  return assemble(found, parsed.kind ?? document.purpose, "local");
}
