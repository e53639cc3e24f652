// A bounded reader of TIFF structures: a TIFF file's directories, and an EXIF block (which is
// a TIFF stream). It reads only what it needs to name metadata and find unreferenced bytes.

export interface TiffEntry {
  tag: number;
  type: number;
  count: number;
  /** Where the value is: inside the entry when it fits in 4 bytes, else at its offset. */
  valueAt: number;
  size: number;
}

export interface TiffDirectory {
  at: number;
  entries: TiffEntry[];
}

export interface TiffLayout {
  littleEndian: boolean;
  /** The image directories (pages) and the ones they point to (EXIF, GPS, sub-images). */
  directories: TiffDirectory[];
  /** Every byte range something in the file refers to: header, directories, values, strips, tiles. */
  ranges: Array<[start: number, end: number]>;
  /** False when the walk stopped at its budget: then `ranges` misses parts. */
  complete: boolean;
}

/** Bytes per value of each TIFF field type (1 BYTE … 12 DOUBLE, 13 IFD). */
const typeSizes: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
  13: 4,
};

/** Tags whose value is the offset of another directory: SubIFDs, EXIF, GPS, interoperability. */
const directoryPointers = new Set([330, 34665, 34853, 40965]);
/** Offset/length tag pairs locating image data: strips, tiles, an old-style JPEG thumbnail. */
const dataPairs: Array<[offsets: number, lengths: number]> = [
  [273, 279],
  [324, 325],
  [513, 514],
];

const MAX_DIRECTORIES = 10_000;
const MAX_ENTRIES = 4_096;
/** Entries and offsets read in one walk: a crafted file cannot make this reader the slow part. */
const MAX_READS = 200_000;

/** Reads the layout, or undefined when `bytes` does not start like a classic TIFF. */
export function readTiff(bytes: Uint8Array): TiffLayout | undefined {
  if (bytes.length < 8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const order = String.fromCharCode(bytes[0]!, bytes[1]!);
  if (order !== "II" && order !== "MM") return undefined;
  const littleEndian = order === "II";
  if (view.getUint16(2, littleEndian) !== 42) return undefined; // 43 (BigTIFF) is not read
  const u16 = (at: number) => view.getUint16(at, littleEndian);
  const u32 = (at: number) => view.getUint32(at, littleEndian);
  const fits = (at: number, size: number) => at >= 0 && size >= 0 && at + size <= bytes.length;

  const layout: TiffLayout = { littleEndian, directories: [], ranges: [[0, 8]], complete: true };
  const seen = new Set<number>();
  const pending = [u32(4)];
  let budget = MAX_READS;
  const values = (entry: TiffEntry) => {
    budget -= entry.count;
    return budget < 0 ? [] : numbers(entry, u16, u32, fits);
  };
  for (let next = 0; next < pending.length; next++) {
    if (budget < 0 || layout.directories.length >= MAX_DIRECTORIES) {
      layout.complete = false;
      break;
    }
    const at = pending[next]!;
    if (at === 0 || seen.has(at) || !fits(at, 2)) continue;
    seen.add(at);
    const count = Math.min(u16(at), MAX_ENTRIES);
    if (!fits(at, 2 + count * 12 + 4)) continue;
    budget -= count;
    layout.ranges.push([at, at + 2 + count * 12 + 4]);
    const entries: TiffEntry[] = [];
    for (let i = 0; i < count; i++) {
      const entryAt = at + 2 + i * 12;
      const type = u16(entryAt + 2);
      const valueCount = u32(entryAt + 4);
      const size = (typeSizes[type] ?? 1) * valueCount;
      const valueAt = size <= 4 ? entryAt + 8 : u32(entryAt + 8);
      if (size > 4 && fits(valueAt, size)) layout.ranges.push([valueAt, valueAt + size]);
      entries.push({ tag: u16(entryAt), type, count: valueCount, valueAt, size });
    }
    layout.directories.push({ at, entries });
    for (const entry of entries) {
      if (!directoryPointers.has(entry.tag)) continue;
      for (const pointer of values(entry)) pending.push(pointer); // no spread: a list may be huge
    }
    for (const [offsetTag, lengthTag] of dataPairs) {
      const offsets = entries.find((entry) => entry.tag === offsetTag);
      const lengths = entries.find((entry) => entry.tag === lengthTag);
      if (!offsets || !lengths) continue;
      const starts = values(offsets);
      const sizes = values(lengths);
      starts.forEach((start, i) => {
        const size = sizes[i] ?? 0;
        if (fits(start, size)) layout.ranges.push([start, start + size]);
      });
    }
    pending.push(u32(at + 2 + count * 12));
  }
  if (budget < 0) layout.complete = false;
  return layout;
}

/** The SHORT or LONG values of an entry (offsets, lengths, pointers); nothing for other types. */
function numbers(
  entry: TiffEntry,
  u16: (at: number) => number,
  u32: (at: number) => number,
  fits: (at: number, size: number) => boolean,
): number[] {
  if (!fits(entry.valueAt, entry.size)) return [];
  const result: number[] = [];
  for (let i = 0; i < entry.count; i++) {
    if (entry.type === 3) result.push(u16(entry.valueAt + i * 2));
    else if (entry.type === 4 || entry.type === 13) result.push(u32(entry.valueAt + i * 4));
    else return [];
  }
  return result;
}

/** Bytes no range covers, past small gaps writers leave to align values (up to 3 bytes). */
export function unreferenced(layout: TiffLayout, length: number): { between: number; after: number } {
  if (!layout.complete) return { between: 0, after: 0 }; // unknown, and re-encoding drops them anyway
  const sorted = [...layout.ranges].sort(([a], [b]) => a - b);
  let covered = 0;
  let between = 0;
  for (const [start, end] of sorted) {
    if (start - covered > 3) between += start - covered;
    covered = Math.max(covered, end);
  }
  const after = length - covered > 3 ? length - covered : 0;
  return { between, after };
}

/** Whether an EXIF block (the TIFF stream after "Exif\0\0") points at a GPS directory. */
export function exifHasGps(block: Uint8Array): boolean {
  const layout = readTiff(block);
  const first = layout?.directories[0];
  return first?.entries.some((entry) => entry.tag === 34853) ?? false;
}
