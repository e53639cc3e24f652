// What an image decoder sees in a file: for tests that compare an upload with what was stored.
import sharp from "sharp";

export async function imageInfo(bytes: Uint8Array) {
  const { format, width, height, orientation, exif, xmp, icc, comments } = await sharp(bytes).metadata();
  return { format, width, height, orientation, exif, xmp, icc, comments };
}
