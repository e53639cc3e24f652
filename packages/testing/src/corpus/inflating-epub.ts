// An ePub that inflates to gigabytes (a zip bomb too large to build in memory): its one big
// entry of zeros is deflated a chunk at a time. Under 4 GiB, so no ZIP64 records are needed.
import { constants, crc32, createDeflateRaw } from "node:zlib";

const CHUNK = 64 * 1024 * 1024;

/** Zeros deflated as one raw deflate stream, with their CRC-32. */
async function deflatedZeros(bytes: number): Promise<{ data: Buffer; crc: number }> {
  const zeros = Buffer.alloc(CHUNK);
  const deflate = createDeflateRaw({ level: constants.Z_BEST_SPEED });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve, reject) => deflate.on("end", resolve).on("error", reject));
  let crc = 0;
  for (let written = 0; written < bytes; written += CHUNK) {
    const chunk = zeros.subarray(0, Math.min(CHUNK, bytes - written));
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await ended;
  return { data: Buffer.concat(out), crc };
}

interface Entry {
  name: Buffer;
  method: 0 | 8;
  crc: number;
  size: number;
  data: Buffer;
}

/** `mimetype` (stored, first, as an ePub's must be) and one entry of `bytes` zeros, deflated. */
export async function inflatingEpub(bytes: number): Promise<Buffer> {
  if (bytes >= 2 ** 32) throw new Error("inflatingEpub: under 4 GiB only (no ZIP64)");
  const mimetype = Buffer.from("application/epub+zip", "latin1");
  const zeros = await deflatedZeros(bytes);
  const entries: Entry[] = [
    { name: Buffer.from("mimetype"), method: 0, crc: crc32(mimetype), size: mimetype.length, data: mimetype },
    { name: Buffer.from("OEBPS/images/blank.bin"), method: 8, crc: zeros.crc, size: bytes, data: zeros.data },
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(entry.name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(entry.name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, entry.name, entry.data);
    centrals.push(central, entry.name);
    offset += local.length + entry.name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
