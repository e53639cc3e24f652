// A PDF's text layer as lines, the way a reader sees them: PDF.js's text items grouped by
// their baseline, left to right. Read in the sandboxed worker, for invoice fields.
import type { PDFDocumentProxy } from "pdfjs-dist/legacy/build/pdf.mjs";

/** Invoice fields sit on the first pages; the total may be on the last. */
const firstPages = 3;
const maxChars = 200_000;

export async function textLayer(doc: PDFDocumentProxy): Promise<string> {
  const pages = [
    ...new Set([...Array.from({ length: Math.min(firstPages, doc.numPages) }, (_, i) => i + 1), doc.numPages]),
  ];
  const out: string[] = [];
  let length = 0;
  for (const number of pages) {
    const page = await doc.getPage(number);
    const content = await page.getTextContent();
    const lines = new Map<number, { x: number; text: string; width: number }[]>();
    for (const item of content.items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const [, , , , x, y] = item.transform as number[];
      // Items whose baselines differ by less than 2 points are one line.
      const key = [...lines.keys()].find((other) => Math.abs(other - y!) < 2) ?? y!;
      const line = lines.get(key) ?? [];
      line.push({ x: x!, text: item.str, width: item.width });
      lines.set(key, line);
    }
    for (const y of [...lines.keys()].sort((a, b) => b - a)) {
      const line = lines.get(y)!.sort((a, b) => a.x - b.x);
      const text = line
        .map((item) => item.text)
        .join(" ")
        .replace(/\s+/g, " ")
        .trim();
      out.push(text);
      length += text.length;
      if (length > maxChars) return out.join("\n");
    }
    page.cleanup();
  }
  return out.join("\n");
}
