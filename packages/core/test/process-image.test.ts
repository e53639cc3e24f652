import {
  exif,
  gpsPosition,
  htmlPayload,
  jpeg,
  jpegRotated,
  jpegWithGps,
  jpegWithScriptTail,
  pattern,
  png,
  pngBomb,
  pngChunk,
  pngWithHtmlComment,
  pngWithHtmlTail,
  type RawImage,
  scriptPayload,
  tiff,
  tiffPages,
  tiffSingle,
  truncatedJpeg,
} from "@intake/testing/corpus/images";
import fc from "fast-check";
import { fileTypeFromBuffer } from "file-type";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { type ImageType, inspectImage } from "../src/process/image";
import { readStructure } from "../src/process/image-structure";
import type { Inspection } from "../src/process/inspection";

const limits = { maxPixels: 100_000_000 };
const ascii = (text: string) => Buffer.from(text, "latin1");

type Clean = Extract<Inspection, { result: "clean" }> & { replacement: Uint8Array };

/** Inspects `bytes` and insists on a clean result with a replacement. */
async function disarm(bytes: Buffer, type: ImageType): Promise<Clean & { bytes: Buffer }> {
  const inspection = await inspectImage(bytes, type, limits);
  expect(inspection).toMatchObject({ result: "clean", disarm: "reencoded" });
  const clean = inspection as Clean;
  expect(clean.replacement).toBeInstanceOf(Uint8Array);
  return { ...clean, bytes: Buffer.from(clean.replacement) };
}

/** The pixels as a viewer shows them: decoded, oriented, RGB (page `page` of a multi-page file). */
async function shown(bytes: Buffer, page = 0): Promise<RawImage> {
  const { data, info } = await sharp(bytes, { page })
    .autoOrient()
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, channels: 3, data };
}

/** Means of 4×4 blocks: small enough to show a wrong tile, blind to JPEG's ringing at tile edges. */
function shrink(image: RawImage): number[] {
  const means: number[] = [];
  for (let by = 0; by < image.height; by += 4) {
    for (let bx = 0; bx < image.width; bx += 4) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        let n = 0;
        for (let y = by; y < Math.min(by + 4, image.height); y++) {
          for (let x = bx; x < Math.min(bx + 4, image.width); x++) {
            sum += image.data[(y * image.width + x) * 3 + c]!;
            n++;
          }
        }
        means.push(sum / n);
      }
    }
  }
  return means;
}

function expectLooksLike(actual: RawImage, expected: RawImage, tolerance: number): void {
  expect([actual.width, actual.height]).toEqual([expected.width, expected.height]);
  if (tolerance === 0) {
    expect(actual.data.equals(expected.data)).toBe(true);
    return;
  }
  const a = shrink(actual);
  const b = shrink(expected);
  const worst = Math.max(...a.map((value, i) => Math.abs(value - b[i]!)));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

/** A quarter turn clockwise: what a viewer does with EXIF orientation 6. */
function turnClockwise(image: RawImage): RawImage {
  const { width, height } = image;
  const data = Buffer.alloc(image.data.length);
  for (let y = 0; y < width; y++) {
    for (let x = 0; x < height; x++) {
      image.data.copy(
        data,
        (y * height + x) * 3,
        ((height - 1 - x) * width + y) * 3,
        ((height - 1 - x) * width + y) * 3 + 3,
      );
    }
  }
  return { width: height, height: width, channels: 3, data };
}

/** JPEG marker segments before the pixel data, by marker (an independent walk, not the code under test). */
function jpegMarkers(bytes: Buffer): number[] {
  const markers: number[] = [];
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    markers.push(marker);
    if (marker === 0xda) break;
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return markers;
}

/** PNG chunk types in order, and the bytes after IEND. */
function pngChunks(bytes: Buffer): { types: string[]; after: number } {
  const types: string[] = [];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const type = bytes.toString("latin1", at + 4, at + 8);
    types.push(type);
    at += 12 + bytes.readUInt32BE(at);
    if (type === "IEND") break;
  }
  return { types, after: bytes.length - at };
}

const JPEG_TOLERANCE = 6;

describe("inspectImage: payloads hidden in a file are gone from the re-encoded image", () => {
  it("a JPEG with a script after its end marker comes back as a JPEG that ends at FFD9", async () => {
    const input = jpegWithScriptTail();
    const { bytes, removed, metadata } = await disarm(input, "image/jpeg");
    expect(removed).toEqual([`${100 + scriptPayload.length} bytes after the end of the image`]);
    expect(bytes.includes(ascii("<script"))).toBe(false);
    expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
    expect(bytes.indexOf(Buffer.from([0xff, 0xd9]))).toBe(bytes.length - 2);
    expect((await fileTypeFromBuffer(bytes))?.mime).toBe("image/jpeg");
    expect(metadata).toEqual({ width: 48, height: 32 });
    expectLooksLike(await shown(bytes), pattern(48, 32), JPEG_TOLERANCE);
  });

  it("a PNG with an HTML page after IEND comes back ending at IEND, pixels unchanged", async () => {
    const { bytes, removed, metadata } = await disarm(pngWithHtmlTail(), "image/png");
    expect(removed).toEqual([`${htmlPayload.length} bytes after the end of the image`]);
    expect(pngChunks(bytes).after).toBe(0);
    expect(bytes.includes(ascii("<html"))).toBe(false);
    expect((await fileTypeFromBuffer(bytes))?.mime).toBe("image/png");
    expect(metadata).toEqual({ width: 48, height: 32 });
    expectLooksLike(await shown(bytes), pattern(48, 32), 0);
  });

  it("a PNG with a script in an HTML comment in a tEXt chunk comes back with no text chunk", async () => {
    const { bytes, removed } = await disarm(pngWithHtmlComment(), "image/png");
    expect(removed).toEqual(["PNG text chunk"]);
    expect(pngChunks(bytes).types.filter((type) => /^(tEXt|zTXt|iTXt)$/.test(type))).toEqual([]);
    expect(bytes.includes(ascii("<!--"))).toBe(false);
    expect(bytes.includes(ascii("<script"))).toBe(false);
    expectLooksLike(await shown(bytes), pattern(48, 32), 0);
  });

  it("a camera JPEG loses its EXIF (GPS position), XMP and comment", async () => {
    const input = jpegWithGps();
    expect((await sharp(input).metadata()).exif).toBeDefined(); // the input really carries them
    const { bytes, removed } = await disarm(input, "image/jpeg");
    expect(removed.sort()).toEqual(["EXIF (GPS position)", "JPEG comment", "XMP"]);
    const markers = jpegMarkers(bytes);
    expect(markers.filter((m) => m === 0xe1 || m === 0xfe || m === 0xed)).toEqual([]);
    expect(bytes.includes(ascii("Exif"))).toBe(false);
    expect(bytes.includes(ascii("Intake Test Camera"))).toBe(false);
    expect(bytes.includes(ascii("<script"))).toBe(false);
    const after = await sharp(bytes).metadata();
    expect([after.exif, after.xmp, after.iptc, after.icc]).toEqual([undefined, undefined, undefined, undefined]);
    expectLooksLike(await shown(bytes), pattern(48, 32), JPEG_TOLERANCE);
  });

  it("a PNG with an eXIf chunk holding a GPS position loses it", async () => {
    const input = png(pattern(48, 32), { chunks: [pngChunk("eXIf", exif({ gps: gpsPosition }))] });
    const { bytes, removed } = await disarm(input, "image/png");
    expect(removed).toEqual(["EXIF (GPS position)"]);
    expect(pngChunks(bytes).types).not.toContain("eXIf");
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();
  });

  it("a TIFF loses its text tags (a script in ImageDescription) and stays a lossless TIFF", async () => {
    const { bytes, removed, metadata } = await disarm(tiffSingle(), "image/tiff");
    expect(removed.sort()).toEqual(["TIFF image description", "TIFF software name"]);
    expect(bytes.includes(ascii("<script"))).toBe(false);
    expect(bytes.includes(ascii("Intake Test Scanner"))).toBe(false);
    expect((await fileTypeFromBuffer(bytes))?.mime).toBe("image/tiff");
    expect(metadata).toEqual({ width: 48, height: 32, pageCount: 1 });
    expectLooksLike(await shown(bytes), pattern(48, 32), 0);
  });

  it("a TIFF with bytes after everything its directories point at loses them", async () => {
    const input = tiff([pattern(16, 16)], { tail: ascii(htmlPayload) });
    const { bytes, removed } = await disarm(input, "image/tiff");
    expect(removed).toEqual([`${htmlPayload.length} bytes after the end of the image`]);
    expect(bytes.includes(ascii("<html"))).toBe(false);
  });

  it("every page of a multi-page TIFF is kept, in order", async () => {
    const { bytes, metadata } = await disarm(tiffPages(), "image/tiff");
    expect(metadata).toEqual({ width: 48, height: 32, pageCount: 3 });
    expect((await sharp(bytes).metadata()).pages).toBe(3);
    for (const page of [0, 1, 2]) expectLooksLike(await shown(bytes, page), pattern(48, 32, page), 0);
  });

  it("a re-encoded image carries nothing more to remove", async () => {
    const cases: Array<[Buffer, ImageType]> = [
      [jpegWithGps(), "image/jpeg"],
      [pngWithHtmlComment(), "image/png"],
      [tiffSingle(), "image/tiff"],
    ];
    for (const [input, type] of cases) {
      const { bytes } = await disarm(input, type);
      const again = await disarm(bytes, type);
      expect(again.removed).toEqual([]);
    }
  });
});

describe("inspectImage: the image looks as a viewer showed it", () => {
  it("EXIF orientation 6 is applied: 40×20 stored comes out 20×40 with no orientation left", async () => {
    const input = jpegRotated();
    expect((await sharp(input).metadata()).orientation).toBe(6);
    const { bytes, metadata, removed } = await disarm(input, "image/jpeg");
    expect(metadata).toEqual({ width: 20, height: 40 });
    expect(removed).toEqual(["EXIF"]);
    const after = await sharp(bytes).metadata();
    expect([after.width, after.height, after.orientation ?? 1]).toEqual([20, 40, 1]);
    expectLooksLike(await shown(bytes), turnClockwise(pattern(40, 20)), JPEG_TOLERANCE);
  });

  it("a multi-page TIFF whose pages are turned (orientation 6) comes out with every page upright", async () => {
    const input = tiff([pattern(40, 20, 0), pattern(40, 20, 1), pattern(40, 20, 2)], { orientation: 6 });
    const { bytes, metadata } = await disarm(input, "image/tiff");
    expect(metadata).toEqual({ width: 20, height: 40, pageCount: 3 });
    const after = await sharp(bytes).metadata();
    expect([after.pages, after.orientation ?? 1]).toEqual([3, 1]);
    for (const page of [0, 1, 2]) expectLooksLike(await shown(bytes, page), turnClockwise(pattern(40, 20, page)), 0);
  });

  it("a 16-bit PNG stays 16-bit, every sample unchanged", async () => {
    const samples = new Uint16Array(16 * 16 * 3).map((_, i) => (i * 2477) % 65536);
    const input = await sharp(samples, { raw: { width: 16, height: 16, channels: 3 } })
      .toColourspace("rgb16")
      .png()
      .toBuffer();
    const { bytes } = await disarm(input, "image/png");
    expect((await sharp(bytes).metadata()).depth).toBe("ushort");
    const decoded = await sharp(bytes).toColourspace("rgb16").raw({ depth: "ushort" }).toBuffer();
    expect(new Uint16Array(decoded.buffer, decoded.byteOffset, decoded.length / 2)).toEqual(samples);
  });

  it("an ICC profile is removed after converting the colours to sRGB: they look as before", async () => {
    const green = [40, 200, 60];
    const flat: RawImage = { width: 16, height: 16, channels: 3, data: Buffer.alloc(16 * 16 * 3) };
    for (let i = 0; i < flat.data.length; i += 3) flat.data.set(green, i);
    // The same green stored as Display P3 numbers, tagged with the P3 profile.
    const input = await sharp(flat.data, { raw: flat }).withIccProfile("p3").png().toBuffer();
    const stored = await sharp(input, { ignoreIcc: true }).raw().toBuffer();
    const distance = (pixel: Uint8Array) => Math.max(...green.map((value, c) => Math.abs(pixel[c]! - value)));
    expect(distance(stored)).toBeGreaterThan(10); // shown without the profile, the colour would be off

    const { bytes, removed } = await disarm(input, "image/png");
    expect(removed).toEqual(["ICC profile"]);
    expect((await sharp(bytes).metadata()).icc).toBeUndefined();
    expect(distance((await shown(bytes)).data)).toBeLessThanOrEqual(2);
  });
});

describe("inspectImage: what cannot be decoded safely is malformed", () => {
  it("a PNG declaring 100,000 × 100,000 pixels is refused without decoding it", async () => {
    const rss = process.memoryUsage().rss;
    const inspection = await inspectImage(pngBomb(), "image/png", limits);
    expect(inspection).toEqual({ result: "malformed", detail: expect.stringContaining("decompression bomb") });
    // 30 GB of pixels were never allocated, and the process goes on decoding.
    expect(process.memoryUsage().rss - rss).toBeLessThan(100 * 1024 * 1024);
    await disarm(pngWithHtmlTail(), "image/png");
  });

  it("the pixel limit is the one given", async () => {
    const input = png(pattern(48, 32));
    expect(await inspectImage(input, "image/png", { maxPixels: 48 * 32 })).toMatchObject({ result: "clean" });
    expect(await inspectImage(input, "image/png", { maxPixels: 48 * 32 - 1 })).toEqual({
      result: "malformed",
      detail: expect.stringContaining("decompression bomb"),
    });
    expect(await inspectImage(tiffPages(), "image/tiff", { maxPixels: 48 * 32 * 2 })).toEqual({
      result: "malformed",
      detail: "48 × 32 × 3 pages is more than 3072 pixels (a decompression bomb)",
    });
  });

  it("a truncated JPEG is malformed, not a half image", async () => {
    expect(await inspectImage(truncatedJpeg(), "image/jpeg", limits)).toEqual({
      result: "malformed",
      detail: expect.stringMatching(/^not a readable JPEG: .*premature end/i),
    });
  });

  it("a JPEG with corrupt pixel data is malformed, not a smeared image", async () => {
    const input = jpeg(pattern(64, 64));
    const pixels = input.indexOf(Buffer.from([0xff, 0xda])) + 14;
    input.fill(0x5a, pixels + 20, pixels + 40);
    expect(await inspectImage(input, "image/jpeg", limits)).toMatchObject({ result: "malformed" });
  });

  it("a PNG whose pixel data fails its checksum is malformed", async () => {
    const input = png(pattern(32, 32));
    const at = input.indexOf(ascii("IDAT")) + 10;
    input[at] = input[at]! ^ 0xff;
    expect(await inspectImage(input, "image/png", limits)).toMatchObject({ result: "malformed" });
  });

  it.each([
    ["garbage declared as a JPEG", ascii("this is not an image at all"), "image/jpeg" as const],
    ["an empty file", Buffer.alloc(0), "image/png" as const],
    ["a PNG declared as a JPEG", png(pattern(8, 8)), "image/jpeg" as const],
    ["a JPEG declared as a TIFF", jpeg(pattern(8, 8)), "image/tiff" as const],
  ])("%s is malformed", async (_name, input, type) => {
    expect(await inspectImage(input, type, limits)).toEqual({ result: "malformed", detail: expect.any(String) });
  });

  it("a TIFF whose pages differ in size is malformed: it cannot be re-encoded as one file", async () => {
    const input = tiff([pattern(48, 32), pattern(32, 48)]);
    expect(await inspectImage(input, "image/tiff", limits)).toEqual({
      result: "malformed",
      detail: "TIFF pages of different sizes cannot be re-encoded as one file",
    });
  });
});

describe("inspectImage: damaged files", () => {
  const corpus: Array<[Buffer, ImageType]> = [
    [jpegWithGps(), "image/jpeg"],
    [jpegRotated(), "image/jpeg"],
    [pngWithHtmlComment(), "image/png"],
    [tiffPages(), "image/tiff"],
  ];

  it("a cut or overwritten file is clean or malformed, never a thrown error, and clean means bare", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...corpus.keys()),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.uint8Array({ minLength: 0, maxLength: 16 }),
        fc.boolean(),
        async (which, where, patch, cut) => {
          const [original, type] = corpus[which]!;
          const at = Math.floor(where * original.length);
          const input = cut ? original.subarray(0, at) : Buffer.from(original);
          if (!cut) input.set(patch.subarray(0, input.length - at), at);
          const inspection = await inspectImage(input, type, limits);
          expect(["clean", "malformed"]).toContain(inspection.result);
          if (inspection.result === "clean") {
            const format = type === "image/jpeg" ? "jpeg" : type === "image/png" ? "png" : "tiff";
            expect(readStructure(inspection.replacement!, format)).toEqual({
              found: [],
              trailingBytes: 0,
              unreferencedBytes: 0,
            });
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("reading the structure of any bytes after a real signature never throws", () => {
    const starts = {
      jpeg: [0xff, 0xd8],
      png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      tiff: [0x49, 0x49, 42, 0],
    };
    fc.assert(
      fc.property(
        fc.constantFrom("jpeg", "png", "tiff" as const),
        fc.uint8Array({ maxLength: 600 }),
        (format, rest) => {
          const bytes = Buffer.concat([Buffer.from(starts[format]), rest]);
          const structure = readStructure(bytes, format);
          expect(structure.trailingBytes).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
