// Invoices and receipts made at test time: PDFs with a text layer (pdf-lib, a standard font)
// and images of printed text (sharp, from SVG).
import { PDFDocument, StandardFonts } from "pdf-lib";
import sharp from "sharp";

export async function textPdf(pages: string[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, index) => {
      page.drawText(line, { x: 50, y: 780 - index * 20, size: 11, font });
    });
  }
  return doc.save();
}

const escapeXml = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;");

/** Lines of text on a white page, at `dpi` (the SVG is laid out at 72 units per inch). */
export async function textImage(
  lines: string[],
  options: { dpi?: number; format?: "png" | "jpeg"; rotate?: number; width?: number; height?: number } = {},
): Promise<Uint8Array> {
  const { dpi = 200, format = "png", rotate = 0, width = 420, height = 60 + lines.length * 22 } = options;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>${lines
    .map(
      (line, i) =>
        `<text x="24" y="${36 + i * 22}" font-family="DejaVu Sans, sans-serif" font-size="13">${escapeXml(line)}</text>`,
    )
    .join("")}</svg>`;
  let image = sharp(Buffer.from(svg), { density: dpi });
  if (rotate) image = image.rotate(rotate, { background: "white" });
  return format === "png" ? image.png().toBuffer() : image.jpeg({ quality: 85 }).toBuffer();
}

/** A scan-like image: greyscale, slightly rotated, with noise (`random` gives 0–1), as PNG or JPEG. */
export async function scanLike(
  lines: string[],
  options: { dpi: number; rotate: number; format: "png" | "jpeg"; random: () => number },
): Promise<Uint8Array> {
  const png = await textImage(lines, { dpi: options.dpi, rotate: options.rotate });
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.max(0, Math.min(255, data[i]! + Math.round((options.random() - 0.5) * 60)));
  }
  const image = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  return options.format === "png" ? image.png().toBuffer() : image.jpeg({ quality: 80 }).toBuffer();
}
