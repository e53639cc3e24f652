// Images for processing's tests, built in code (no binary fixtures): real JPEG, PNG and TIFF
// files any decoder reads, carrying the metadata and hidden payloads disarm must remove.
import { crc32, deflateSync } from "node:zlib";

const ascii = (text: string) => Buffer.from(text, "latin1");
const u16 = (value: number) => Buffer.from([value >> 8, value & 0xff]);

/** Interleaved 8-bit RGB pixels, row by row (the shape of sharp's `raw` input and output). */
export interface RawImage {
  width: number;
  height: number;
  channels: 3;
  data: Buffer;
}

/**
 * An asymmetric picture of flat 8×8 tiles (every tile its own colour), so a rotation or a
 * mirror shows, and a JPEG holds it exactly: each tile is one DC coefficient.
 */
export function pattern(width: number, height: number, variant = 0): RawImage {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const tx = x >> 3;
      const ty = y >> 3;
      const at = (y * width + x) * 3;
      data[at] = (40 + tx * 50 + variant * 100) % 256;
      data[at + 1] = (30 + ty * 70) % 256;
      data[at + 2] = (200 + tx * 30 + ty * 90) % 256;
    }
  }
  return { width, height, channels: 3, data };
}

// JPEG ---------------------------------------------------------------------------------

/** One JPEG marker segment: FF, the marker, a length that counts itself, the body. */
export function jpegSegment(marker: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xff, marker]), u16(body.length + 2), body]);
}

export const jpegComment = (text: string) => jpegSegment(0xfe, ascii(text));
export const jpegXmp = (xml: string) =>
  jpegSegment(0xe1, Buffer.concat([ascii("http://ns.adobe.com/xap/1.0/\0"), ascii(xml)]));
export const jpegExif = (tiffBytes: Buffer) => jpegSegment(0xe1, Buffer.concat([ascii("Exif\0\0"), tiffBytes]));

export interface JpegOptions {
  /** Segments placed after the JFIF header (EXIF, XMP, comments …). */
  segments?: Buffer[];
  /** Bytes after the end-of-image marker. */
  tail?: Buffer;
}

/**
 * A baseline JPEG of `image` (4:4:4 YCbCr, every quantiser 1), coding each 8×8 block by its
 * mean alone: exact for `pattern`, a mosaic of anything else.
 */
export function jpeg(image: RawImage, options: JpegOptions = {}): Buffer {
  const { width, height } = image;
  const jfif = jpegSegment(0xe0, Buffer.from([...ascii("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const quantisers = jpegSegment(0xdb, Buffer.from([0, ...new Array(64).fill(1)]));
  const frame = jpegSegment(
    0xc0,
    Buffer.from([8, ...u16(height), ...u16(width), 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]),
  );
  // DC table: the twelve size categories, each a 4-bit code equal to its value. AC: EOB only, code "0".
  const dcCounts = new Array(16).fill(0);
  dcCounts[3] = 12;
  const dcTable = jpegSegment(0xc4, Buffer.from([0x00, ...dcCounts, ...Array.from({ length: 12 }, (_, i) => i)]));
  const acCounts = new Array(16).fill(0);
  acCounts[0] = 1;
  const acTable = jpegSegment(0xc4, Buffer.from([0x10, ...acCounts, 0x00]));
  const scan = jpegSegment(0xda, Buffer.from([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]));
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jfif,
    ...(options.segments ?? []),
    quantisers,
    frame,
    dcTable,
    acTable,
    scan,
    entropyCoded(image),
    Buffer.from([0xff, 0xd9]),
    options.tail ?? Buffer.alloc(0),
  ]);
}

function entropyCoded(image: RawImage): Buffer {
  const bits = new BitWriter();
  const predictions = [0, 0, 0];
  for (let by = 0; by < Math.ceil(image.height / 8); by++) {
    for (let bx = 0; bx < Math.ceil(image.width / 8); bx++) {
      const mean = blockMeanYCbCr(image, bx, by);
      for (let c = 0; c < 3; c++) {
        const dc = Math.round(8 * (mean[c]! - 128));
        const diff = dc - predictions[c]!;
        predictions[c] = dc;
        const size = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
        bits.write(size, 4);
        if (size > 0) bits.write(diff > 0 ? diff : diff + (1 << size) - 1, size);
        bits.write(0, 1); // end of block: every AC coefficient is zero
      }
    }
  }
  return bits.finish();
}

/** The block's mean in YCbCr; blocks past the edge repeat the last row and column. */
function blockMeanYCbCr(image: RawImage, bx: number, by: number): [number, number, number] {
  const sum = [0, 0, 0];
  for (let dy = 0; dy < 8; dy++) {
    for (let dx = 0; dx < 8; dx++) {
      const x = Math.min(bx * 8 + dx, image.width - 1);
      const y = Math.min(by * 8 + dy, image.height - 1);
      const at = (y * image.width + x) * 3;
      const r = image.data[at]!;
      const g = image.data[at + 1]!;
      const b = image.data[at + 2]!;
      sum[0]! += 0.299 * r + 0.587 * g + 0.114 * b;
      sum[1]! += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
      sum[2]! += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
    }
  }
  return [sum[0]! / 64, sum[1]! / 64, sum[2]! / 64];
}

class BitWriter {
  private bytes: number[] = [];
  private current = 0;
  private used = 0;

  write(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1);
      if (++this.used === 8) this.flush();
    }
  }

  /** Pads the last byte with ones, as the standard asks. */
  finish(): Buffer {
    while (this.used !== 0) this.write(1, 1);
    return Buffer.from(this.bytes);
  }

  private flush(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0x00); // byte stuffing: FF in data is FF 00
    this.current = 0;
    this.used = 0;
  }
}

// TIFF structures (EXIF is one too) ------------------------------------------------------

type TagValue =
  | { type: "ascii"; text: string }
  | { type: "short" | "long" | "byte"; values: number[] }
  | { type: "rational"; values: Array<[number, number]> };

const tagTypes = { byte: [1, 1], ascii: [2, 1], short: [3, 2], long: [4, 4], rational: [5, 8] } as const;

function tagBytes(value: TagValue): Buffer {
  if (value.type === "ascii") return ascii(`${value.text}\0`);
  const [, size] = tagTypes[value.type];
  const buffer = Buffer.alloc(size * value.values.length);
  value.values.forEach((v, i) => {
    if (value.type === "rational") {
      const [numerator, denominator] = v as [number, number];
      buffer.writeUInt32LE(numerator, i * 8);
      buffer.writeUInt32LE(denominator, i * 8 + 4);
    } else if (value.type === "byte") buffer.writeUInt8(v as number, i);
    else if (value.type === "short") buffer.writeUInt16LE(v as number, i * 2);
    else buffer.writeUInt32LE(v as number, i * 4);
  });
  return buffer;
}

const count = (value: TagValue) => (value.type === "ascii" ? value.text.length + 1 : value.values.length);

/** The size of an IFD with these tags once written (entries, next pointer, values over 4 bytes). */
function ifdSize(tags: Map<number, TagValue>): number {
  let size = 2 + tags.size * 12 + 4;
  for (const value of tags.values()) {
    const bytes = tagBytes(value).length;
    if (bytes > 4) size += bytes + (bytes % 2);
  }
  return size;
}

/** A little-endian IFD written at `offset` in its TIFF stream, values over 4 bytes right after it. */
function ifd(tags: Map<number, TagValue>, offset: number, next: number): Buffer {
  const sorted = [...tags.entries()].sort(([a], [b]) => a - b);
  const head = Buffer.alloc(2 + sorted.length * 12 + 4);
  const data: Buffer[] = [];
  let dataAt = offset + head.length;
  head.writeUInt16LE(sorted.length, 0);
  sorted.forEach(([tag, value], i) => {
    const at = 2 + i * 12;
    const bytes = tagBytes(value);
    head.writeUInt16LE(tag, at);
    head.writeUInt16LE(tagTypes[value.type][0], at + 2);
    head.writeUInt32LE(count(value), at + 4);
    if (bytes.length <= 4) bytes.copy(head, at + 8);
    else {
      head.writeUInt32LE(dataAt, at + 8);
      const padded = bytes.length % 2 ? Buffer.concat([bytes, Buffer.alloc(1)]) : bytes;
      data.push(padded);
      dataAt += padded.length;
    }
  });
  head.writeUInt32LE(next, head.length - 4);
  return Buffer.concat([head, ...data]);
}

const tiffHeader = () => Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0]);

/** Degrees, minutes, seconds as EXIF rationals. */
const dms = (degrees: number): Array<[number, number]> => {
  const d = Math.floor(degrees);
  const m = Math.floor((degrees - d) * 60);
  const s = Math.round(((degrees - d) * 60 - m) * 60 * 100);
  return [
    [d, 1],
    [m, 1],
    [s, 100],
  ];
};

export interface ExifOptions {
  orientation?: number;
  gps?: { latitude: number; longitude: number };
  make?: string;
}

/** An EXIF block (a TIFF stream): IFD0 with the camera and orientation, and a GPS IFD. */
export function exif(options: ExifOptions): Buffer {
  const ifd0 = new Map<number, TagValue>();
  if (options.make) ifd0.set(0x010f, { type: "ascii", text: options.make });
  if (options.orientation) ifd0.set(0x0112, { type: "short", values: [options.orientation] });
  if (options.gps) ifd0.set(0x8825, { type: "long", values: [0] });
  const gpsAt = 8 + ifdSize(ifd0);
  if (options.gps) ifd0.set(0x8825, { type: "long", values: [gpsAt] });
  const parts = [tiffHeader(), ifd(ifd0, 8, 0)];
  if (options.gps) {
    const { latitude, longitude } = options.gps;
    const gps = new Map<number, TagValue>([
      [0x0000, { type: "byte", values: [2, 3, 0, 0] }],
      [0x0001, { type: "ascii", text: latitude >= 0 ? "N" : "S" }],
      [0x0002, { type: "rational", values: dms(Math.abs(latitude)) }],
      [0x0003, { type: "ascii", text: longitude >= 0 ? "E" : "W" }],
      [0x0004, { type: "rational", values: dms(Math.abs(longitude)) }],
    ]);
    parts.push(ifd(gps, gpsAt, 0));
  }
  return Buffer.concat(parts);
}

export interface TiffOptions {
  /** Text tags on the first page (ImageDescription, Software …) by tag number. */
  text?: Record<number, string>;
  /** The Orientation tag on every page (1 upright, 6 turn a quarter clockwise …). */
  orientation?: number;
  tail?: Buffer;
}

/** An uncompressed RGB TIFF, one page per image (pages may differ in size). */
export function tiff(pages: RawImage[], options: TiffOptions = {}): Buffer {
  const parts: Buffer[] = [tiffHeader()];
  let offset = 8;
  pages.forEach((page, index) => {
    const tags = new Map<number, TagValue>([
      [256, { type: "long", values: [page.width] }],
      [257, { type: "long", values: [page.height] }],
      [258, { type: "short", values: [8, 8, 8] }],
      [259, { type: "short", values: [1] }], // no compression
      [262, { type: "short", values: [2] }], // RGB
      [273, { type: "long", values: [0] }], // StripOffsets, set below
      [277, { type: "short", values: [3] }],
      [278, { type: "long", values: [page.height] }],
      [279, { type: "long", values: [page.data.length] }],
      [284, { type: "short", values: [1] }], // chunky
    ]);
    if (options.orientation) tags.set(274, { type: "short", values: [options.orientation] });
    if (index === 0) {
      for (const [tag, text] of Object.entries(options.text ?? {})) tags.set(Number(tag), { type: "ascii", text });
    }
    const stripAt = offset + ifdSize(tags);
    tags.set(273, { type: "long", values: [stripAt] });
    const next = index < pages.length - 1 ? stripAt + page.data.length + (page.data.length % 2) : 0;
    parts.push(ifd(tags, offset, next), page.data, Buffer.alloc(page.data.length % 2));
    offset = next;
  });
  if (options.tail) parts.push(options.tail);
  return Buffer.concat(parts);
}

// PNG ----------------------------------------------------------------------------------

export function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([ascii(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, typed, crc]);
}

export const pngText = (keyword: string, text: string) => pngChunk("tEXt", ascii(`${keyword}\0${text}`));

export interface PngOptions {
  /** Chunks placed between IHDR and IDAT (text, eXIf, private chunks …). */
  chunks?: Buffer[];
  tail?: Buffer;
  /** What IHDR declares, when it should lie about the pixels that follow. */
  declared?: { width: number; height: number };
}

const pngSignature = () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An 8-bit RGB PNG of `image`, no filtering. */
export function png(image: RawImage, options: PngOptions = {}): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(options.declared?.width ?? image.width, 0);
  header.writeUInt32BE(options.declared?.height ?? image.height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const stride = image.width * 3;
  const rows = Buffer.alloc((stride + 1) * image.height);
  for (let y = 0; y < image.height; y++) image.data.copy(rows, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    pngSignature(),
    pngChunk("IHDR", header),
    ...(options.chunks ?? []),
    pngChunk("IDAT", deflateSync(rows)),
    pngChunk("IEND", Buffer.alloc(0)),
    options.tail ?? Buffer.alloc(0),
  ]);
}

// The corpus ----------------------------------------------------------------------------

export const scriptPayload = "<script>alert(1)</script>";
export const htmlPayload = `<html><body>${scriptPayload}</body></html>`;
/** Where the GPS block of `jpegWithGps` says the photo was taken. */
export const gpsPosition = { latitude: 48.8584, longitude: 2.2945 };

/** A JPEG with a script 100 bytes after its end-of-image marker. */
export const jpegWithScriptTail = () =>
  jpeg(pattern(48, 32), { tail: Buffer.concat([Buffer.alloc(100, 0x20), ascii(scriptPayload)]) });

/** A PNG with an HTML page after IEND. */
export const pngWithHtmlTail = () => png(pattern(48, 32), { tail: ascii(htmlPayload) });

/** A PNG whose tEXt chunk hides a script in an HTML comment. */
export const pngWithHtmlComment = () =>
  png(pattern(48, 32), { chunks: [pngText("Comment", `<!-- ${scriptPayload} -->`)] });

/** A camera JPEG: EXIF with a GPS position, plus XMP and a comment. */
export const jpegWithGps = () =>
  jpeg(pattern(48, 32), {
    segments: [
      jpegExif(exif({ make: "Intake Test Camera", gps: gpsPosition })),
      jpegXmp(
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>',
      ),
      jpegComment(scriptPayload),
    ],
  });

/** 40×20 stored pixels that a viewer turns a quarter clockwise (EXIF orientation 6): 20×40 shown. */
export const jpegRotated = () => jpeg(pattern(40, 20), { segments: [jpegExif(exif({ orientation: 6 }))] });

/** A PNG whose header declares 100,000 × 100,000 pixels (30 GB decoded) over a few real bytes. */
export const pngBomb = () => png(pattern(8, 8), { declared: { width: 100_000, height: 100_000 } });

/** A single-page TIFF with a script in its ImageDescription. */
export const tiffSingle = () => tiff([pattern(48, 32)], { text: { 270: scriptPayload, 305: "Intake Test Scanner" } });

/** A three-page TIFF (pages of one size, as a scanner writes them). */
export const tiffPages = () => tiff([pattern(48, 32, 0), pattern(48, 32, 1), pattern(48, 32, 2)]);

/** A JPEG cut off in the middle of its pixel data. */
export const truncatedJpeg = () => {
  const whole = jpeg(pattern(64, 64));
  const pixels = whole.indexOf(Buffer.from([0xff, 0xda])) + 14;
  return whole.subarray(0, pixels + Math.floor((whole.length - pixels) / 2));
};
