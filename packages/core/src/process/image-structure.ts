// What an image file carries beside its pixels, read from its container (JPEG segments, PNG
// chunks, TIFF directories): metadata blocks, comments, text, and bytes after the image's end.
// Re-encoding drops all of it; this only names it, so nothing here decides a verdict.
import { exifHasGps, readTiff, unreferenced } from "./image-tiff";

export type ImageFormat = "jpeg" | "png" | "tiff";

export interface Structure {
  /** Each block found, in words ("XMP", "JPEG comment", …), once per kind. */
  found: string[];
  /** Bytes past the image's end (after JPEG EOI, PNG IEND, the last byte a TIFF refers to). */
  trailingBytes: number;
  /** TIFF only: bytes between the parts that nothing refers to. */
  unreferencedBytes: number;
}

export function readStructure(bytes: Uint8Array, format: ImageFormat): Structure {
  if (format === "jpeg") return readJpeg(bytes);
  if (format === "png") return readPng(bytes);
  return readTiffStructure(bytes);
}

const latin1 = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1", start, end);

export const exifWords = (block: Uint8Array) => (exifHasGps(block) ? "EXIF (GPS position)" : "EXIF");

const EXIF_ID = "Exif\0\0";
const XMP_IDS = ["http://ns.adobe.com/xap/1.0/\0", "http://ns.adobe.com/xmp/extension/\0"];

function readJpeg(bytes: Uint8Array): Structure {
  const found = new Set<string>();
  const end = { trailingBytes: 0, unreferencedBytes: 0 };
  let at = 2; // after SOI
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) break; // not a marker where one must be: the decoder judges that
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      end.trailingBytes = bytes.length - (at + 2);
      break;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (at + 4 > bytes.length) break;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    const body = bytes.subarray(at + 4, Math.min(at + 2 + length, bytes.length));
    const words = jpegSegmentWords(marker, body);
    if (words) found.add(words);
    at += 2 + length;
    if (marker === 0xda) at = skipEntropyCoded(bytes, at);
  }
  return { found: [...found], ...end };
}

/** Words for a segment re-encoding drops, or undefined for one that only describes the pixels. */
function jpegSegmentWords(marker: number, body: Uint8Array): string | undefined {
  const starts = (id: string) => latin1(body, 0, id.length) === id;
  if (marker === 0xfe) return "JPEG comment";
  if (marker === 0xe1 && starts(EXIF_ID)) return exifWords(body.subarray(EXIF_ID.length));
  if (marker === 0xe1 && XMP_IDS.some(starts)) return "XMP";
  if (marker === 0xe2 && starts("ICC_PROFILE\0")) return "ICC profile";
  if (marker === 0xed && starts("Photoshop 3.0\0")) return "IPTC";
  if (marker === 0xe0 && (starts("JFIF\0") || starts("JFXX\0"))) return body.length > 14 ? "JFIF thumbnail" : undefined;
  if (marker === 0xee && starts("Adobe")) return undefined; // colour transform flag, used when decoding
  if (marker >= 0xe0 && marker <= 0xef) return `JPEG application segment (APP${marker - 0xe0})`;
  return undefined;
}

/** The offset of the next marker after entropy-coded data (FF 00 is data, RSTn sits inside it). */
function skipEntropyCoded(bytes: Uint8Array, from: number): number {
  for (let at = from; at + 1 < bytes.length; at++) {
    if (bytes[at] !== 0xff) continue;
    const next = bytes[at + 1]!;
    if (next !== 0x00 && next !== 0xff && !(next >= 0xd0 && next <= 0xd7)) return at;
  }
  return bytes.length;
}

/** PNG chunks that describe how to show the pixels: nothing a person wrote. */
const pngImageChunks = new Set([
  "IHDR",
  "PLTE",
  "IDAT",
  "tRNS",
  "gAMA",
  "cHRM",
  "sRGB",
  "sBIT",
  "bKGD",
  "hIST",
  "pHYs",
  "sPLT",
  "cICP",
  "mDCV",
  "cLLI",
]);

function readPng(bytes: Uint8Array): Structure {
  const found = new Set<string>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let trailingBytes = 0;
  let at = 8; // after the signature
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = latin1(bytes, at + 4, at + 8);
    const data = bytes.subarray(at + 8, Math.min(at + 8 + length, bytes.length));
    at += 12 + length;
    if (type === "IEND") {
      trailingBytes = Math.max(0, bytes.length - at);
      break;
    }
    if (pngImageChunks.has(type)) continue;
    if (type === "tEXt" || type === "zTXt" || type === "iTXt") found.add("PNG text chunk");
    else if (type === "eXIf") found.add(exifWords(data));
    else if (type === "iCCP") found.add("ICC profile");
    else if (type === "tIME") found.add("PNG timestamp");
    else if (type === "acTL" || type === "fcTL" || type === "fdAT") found.add("PNG animation frames");
    else found.add(/^[A-Za-z]{4}$/.test(type) ? `PNG chunk "${type}"` : "PNG chunk of unknown type");
  }
  return { found: [...found], trailingBytes, unreferencedBytes: 0 };
}

/** TIFF tags holding metadata rather than pixels, in words. */
const tiffMetadataTags: Record<number, string> = {
  269: "TIFF document name",
  270: "TIFF image description",
  271: "TIFF camera make",
  272: "TIFF camera model",
  285: "TIFF page name",
  305: "TIFF software name",
  306: "TIFF date",
  315: "TIFF artist",
  316: "TIFF host computer",
  33432: "TIFF copyright",
  700: "XMP",
  33723: "IPTC",
  34377: "Photoshop block",
  34675: "ICC profile",
  34665: "EXIF",
  34853: "EXIF (GPS position)",
};

function readTiffStructure(bytes: Uint8Array): Structure {
  const layout = readTiff(bytes);
  if (!layout) return { found: [], trailingBytes: 0, unreferencedBytes: 0 };
  const found = new Set<string>();
  for (const directory of layout.directories) {
    for (const entry of directory.entries) {
      const words = tiffMetadataTags[entry.tag];
      if (words) found.add(words);
    }
  }
  if (found.has("EXIF (GPS position)")) found.delete("EXIF");
  const { between, after } = unreferenced(layout, bytes.length);
  return { found: [...found], trailingBytes: after, unreferencedBytes: between };
}
