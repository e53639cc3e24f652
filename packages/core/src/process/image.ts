// Image disarm: decode under a pixel limit, turn the pixels the way a viewer shows them, and
// re-encode in the same format with nothing but the pixels. What the file carried beside them
// (EXIF, GPS, XMP, comments, text chunks, trailing bytes) is named in `removed`.
import sharp, { type OutputInfo, type Metadata as SharpMetadata, type Sharp, type SharpOptions } from "sharp";
import { type ImageFormat, readStructure, type Structure } from "./image-structure";
import type { Inspection, Limits } from "./inspection";

export type ImageType = "image/jpeg" | "image/png" | "image/tiff";

const formats: Record<ImageType, ImageFormat> = { "image/jpeg": "jpeg", "image/png": "png", "image/tiff": "tiff" };
const names: Record<ImageFormat, string> = { jpeg: "JPEG", png: "PNG", tiff: "TIFF" };

/**
 * 'warning' is libvips' strictest level and the only one that refuses corrupt JPEG pixel data
 * (a bad Huffman code decodes to a smeared half image under 'error'). It also refuses files a
 * viewer would still show, e.g. with stray bytes before a marker: they are malformed here.
 */
const FAIL_ON = "warning";
// A consumer sees each image once: libvips' cache of recent images would only hold memory.
sharp.cache(false);
const JPEG_QUALITY = 92;

export async function inspectImage(
  bytes: Uint8Array,
  contentType: ImageType,
  limits: Pick<Limits, "maxPixels">,
): Promise<Inspection> {
  const format = formats[contentType];
  const input = { failOn: FAIL_ON, limitInputPixels: limits.maxPixels } as const;
  let header: SharpMetadata;
  try {
    header = await sharp(bytes, input).metadata();
  } catch (error) {
    return malformed(format, error, limits);
  }
  if (header.format !== format) return { result: "malformed", detail: `not a ${names[format]} image` };
  const pages = format === "tiff" ? (header.pages ?? 1) : 1;
  const pixels = (header.width ?? 0) * (header.height ?? 0) * pages;
  if (pixels > limits.maxPixels) {
    return {
      result: "malformed",
      detail: `${header.width} × ${header.height}${pages > 1 ? ` × ${pages} pages` : ""} is more than ${limits.maxPixels} pixels (a decompression bomb)`,
    };
  }
  let output: { data: Buffer; info: OutputInfo };
  try {
    const turnPages = pages > 1 && (header.orientation ?? 1) !== 1;
    const image = turnPages
      ? await turnEachPage(bytes, input, header, pages)
      : sharp(bytes, { ...input, pages: format === "tiff" ? -1 : 1 }).autoOrient();
    output = await encode(image, format, header).toBuffer({ resolveWithObject: true });
  } catch (error) {
    return malformed(format, error, limits);
  }
  const height = output.info.pageHeight ?? output.info.height;
  return {
    result: "clean",
    disarm: "reencoded",
    removed: removedWords(readStructure(bytes, format), header),
    metadata: { width: output.info.width, height, ...(format === "tiff" ? { pageCount: pages } : {}) },
    replacement: new Uint8Array(output.data.buffer, output.data.byteOffset, output.data.byteLength),
  };
}

/**
 * Without keepMetadata sharp writes no EXIF, XMP, IPTC or ICC profile, and converts pixels
 * with an embedded profile to sRGB first, so colours still look right.
 */
function encode(image: Sharp, format: ImageFormat, header: SharpMetadata): Sharp {
  if (header.depth === "ushort" && format !== "jpeg") {
    image.toColourspace((header.channels ?? 3) <= 2 ? "grey16" : "rgb16"); // else sharp writes 8 bits
  }
  if (format === "jpeg") {
    const chromaSubsampling = header.chromaSubsampling === "4:4:4" ? "4:4:4" : "4:2:0";
    return image.jpeg({ quality: JPEG_QUALITY, chromaSubsampling });
  }
  if (format === "png") return image.png({ palette: false });
  return image.tiff({ compression: "lzw" });
}

/** libvips cannot rotate a multi-page image: each page is turned alone, then they are stacked again. */
async function turnEachPage(
  bytes: Uint8Array,
  input: SharpOptions,
  header: SharpMetadata,
  pages: number,
): Promise<Sharp> {
  const depth = header.depth === "ushort" ? "ushort" : "uchar";
  const turned: Array<{ data: Buffer; info: OutputInfo }> = [];
  for (let page = 0; page < pages; page++) {
    turned.push(
      await sharp(bytes, { ...input, page })
        .autoOrient()
        .raw({ depth })
        .toBuffer({ resolveWithObject: true }),
    );
  }
  const { width, height, channels } = turned[0]!.info;
  if (turned.some(({ info }) => info.width !== width || info.height !== height || info.channels !== channels)) {
    throw new Error("tiff2vips: page differs from page 0"); // what libvips says for the unturned case
  }
  const data = Buffer.concat(turned.map((page) => page.data));
  const pixels = depth === "ushort" ? new Uint16Array(data.buffer, data.byteOffset, data.length / 2) : data;
  return sharp(pixels, { raw: { width, height: height * pages, channels, pageHeight: height } });
}

function removedWords(structure: Structure, header: SharpMetadata): string[] {
  const words = new Set(structure.found);
  const has = (prefix: string) => [...words].some((word) => word.startsWith(prefix));
  // What libvips found that the container walk did not name (it reads more places).
  if (header.exif && !has("EXIF")) words.add("EXIF");
  if (header.xmp && !has("XMP")) words.add("XMP");
  if (header.iptc && !has("IPTC")) words.add("IPTC");
  if (header.icc && !has("ICC")) words.add("ICC profile");
  if (header.comments?.length && !has("PNG text")) words.add("PNG text chunk");
  if (structure.unreferencedBytes > 0) words.add(`${structure.unreferencedBytes} bytes nothing in the TIFF refers to`);
  if (structure.trailingBytes > 0) words.add(`${structure.trailingBytes} bytes after the end of the image`);
  return [...words];
}

function malformed(format: ImageFormat, error: unknown, limits: Pick<Limits, "maxPixels">): Inspection {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split("\n")[0]!.replace(/^Vips\w*:\s*|^\w+2vips:\s*/i, "");
  if (/pixel limit/i.test(first)) {
    return { result: "malformed", detail: `more than ${limits.maxPixels} pixels (a decompression bomb)` };
  }
  if (/differs from page/i.test(first)) {
    return { result: "malformed", detail: "TIFF pages of different sizes cannot be re-encoded as one file" };
  }
  return { result: "malformed", detail: `not a readable ${names[format]}: ${first}` };
}
