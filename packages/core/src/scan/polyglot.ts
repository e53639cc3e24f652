// Files valid as two formats at once: a zip that is also a JAR, a PDF or image that carries an
// HTML document after its end marker. Opened as the second format, they run.
import { ScanFault } from "./fault";

/** Reads `length` bytes of the scanned object from `start`. */
export type ReadRange = (start: number, length: number) => Promise<Buffer>;

/** The longest central directory read on its own (tens of thousands of entries): more is a fault. */
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

const latin1 = (text: string) => Buffer.from(text, "latin1");

/**
 * The end marker of each type, and which one ends the file. Images end at the first: PNG's
 * IEND chunk (type and CRC), JPEG's FFD9, which cannot occur in entropy-coded data (0xFF is
 * stuffed), so a second marker cannot hide what lies between. A PDF ends at its last %%EOF:
 * incremental updates legitimately follow earlier ones.
 */
const endMarkers: Record<string, { marker: Buffer; ends: "first" | "last" }> = {
  "application/pdf": { marker: latin1("%%EOF"), ends: "last" },
  "image/png": { marker: latin1("IEND\xAE\x42\x60\x82"), ends: "first" },
  "image/jpeg": { marker: latin1("\xFF\xD9"), ends: "first" },
};

// Elements a browser would render or run; ordinary trailing bytes (white space, NULs, padding) have none.
const htmlElement =
  /<(!doctype\s+html|html|head|body|script|iframe|frameset|object|embed|svg|img|meta|style|form|base|link)[\s/>]/i;
/** Longer than any marker or element start, so neither is missed across a chunk boundary. */
const OVERLAP = 64;

/**
 * Watches a file's bytes as they stream by for an HTML document after its end marker. Streaming
 * (rather than reading the last bytes) means no padding after the document can push it out of view.
 */
export class HtmlAfterEnd {
  private readonly end: { marker: Buffer; ends: "first" | "last" } | undefined;
  private carry = Buffer.alloc(0);
  private pastEnd = false;
  private html = false;

  constructor(detectedType: string) {
    this.end = endMarkers[detectedType];
  }

  push(chunk: Buffer): void {
    if (!this.end || (this.html && this.end.ends === "first")) return;
    const { marker, ends } = this.end;
    const data = Buffer.concat([this.carry, chunk]);
    const search = ends === "first" ? data.indexOf(marker) : data.lastIndexOf(marker);
    // The carry was searched already: only a marker ending in this chunk's bytes is news.
    const at = search >= 0 && search + marker.length > this.carry.length && !(ends === "first" && this.pastEnd);
    if (at) {
      this.pastEnd = true;
      this.html = htmlElement.test(data.subarray(search + marker.length).toString("latin1"));
    } else if (this.pastEnd && !this.html) {
      const inCarry = this.carry.lastIndexOf(marker);
      this.html = htmlElement.test(data.subarray(inCarry >= 0 ? inCarry + marker.length : 0).toString("latin1"));
    }
    this.carry = data.subarray(Math.max(0, data.length - OVERLAP));
  }

  /** Whether an HTML document followed the end marker. */
  found(): boolean {
    return this.html;
  }
}

/** A JAR is a ZIP with a manifest or a class file: Java runs it whatever its name. */
export async function isJar(tail: Buffer, size: number, readRange: ReadRange): Promise<boolean> {
  const directory = await centralDirectory(tail, size, readRange);
  for (const name of entryNames(directory)) {
    if (name.toUpperCase() === "META-INF/MANIFEST.MF" || name.toLowerCase().endsWith(".class")) return true;
  }
  return false;
}

async function centralDirectory(tail: Buffer, size: number, readRange: ReadRange): Promise<Buffer> {
  const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > tail.length) return Buffer.alloc(0); // no zip Java could read
  const length = tail.readUInt32LE(end + 12);
  const offset = tail.readUInt32LE(end + 16);
  if (offset + length > size) return Buffer.alloc(0);
  const tailStart = size - tail.length;
  if (offset >= tailStart) return tail.subarray(offset - tailStart, offset - tailStart + length);
  if (length > MAX_DIRECTORY_BYTES) throw new ScanFault(`a zip central directory of ${length} bytes is not checked`);
  return readRange(offset, length);
}

function* entryNames(directory: Buffer): Generator<string> {
  let at = 0;
  while (at + 46 <= directory.length && directory.readUInt32LE(at) === 0x02014b50) {
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    yield directory.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    at += 46 + nameLength + extraLength + commentLength;
  }
}
