// A small ZIP writer (PKWARE APPNOTE) for test corpora: stored or deflated entries,
// traditional PKWARE encryption ("ZipCrypto"), and headers that may lie about sizes.
import { randomBytes } from "node:crypto";
import { crc32, deflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** Deflate the entry (method 8); stored (method 0) otherwise, as an ePub's `mimetype` must be. */
  deflate?: boolean;
  /** Encrypt the entry with this password (traditional PKWARE encryption, general purpose bit 0). */
  password?: string;
  /** The uncompressed size the headers claim, when it should not be the true one. */
  claimedSize?: number;
}

/** The archive's bytes: local headers and data, the central directory, its end record. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const data = typeof entry.data === "string" ? Buffer.from(entry.data, "utf8") : entry.data;
    const crc = crc32(data);
    const packed = entry.deflate ? deflateRawSync(data, { level: 9 }) : data;
    const body = entry.password === undefined ? packed : zipCrypto(packed, entry.password, crc);
    const method = entry.deflate ? 8 : 0;
    const flags = (entry.password === undefined ? 0 : 0x0001) | 0x0800; // encrypted; UTF-8 names
    const size = entry.claimedSize ?? data.length;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
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

const crcTable = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** One byte into a running CRC-32, without the usual pre- and post-inversion (APPNOTE 6.1). */
const crcByte = (crc: number, byte: number) => (crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8)) >>> 0;

/**
 * Traditional PKWARE encryption (APPNOTE 6.1): a 12-byte header whose last byte is the high
 * byte of the entry's CRC (how readers check the password), then the data, both run through
 * a keystream from three keys seeded by the password.
 */
export function zipCrypto(data: Buffer, password: string, crc: number): Buffer {
  let k0 = 0x12345678;
  let k1 = 0x23456789;
  let k2 = 0x34567890;
  const update = (byte: number) => {
    k0 = crcByte(k0, byte);
    k1 = (Math.imul((k1 + (k0 & 0xff)) >>> 0, 134775813) + 1) >>> 0;
    k2 = crcByte(k2, k1 >>> 24);
  };
  const keystream = () => {
    const t = (k2 | 2) & 0xffff;
    return (Math.imul(t, t ^ 1) >>> 8) & 0xff;
  };
  for (const byte of Buffer.from(password, "utf8")) update(byte);

  const header = randomBytes(12);
  header[11] = crc >>> 24;
  const plain = Buffer.concat([header, data]);
  const out = Buffer.alloc(plain.length);
  for (let i = 0; i < plain.length; i++) {
    const p = plain[i]!;
    out[i] = p ^ keystream();
    update(p);
  }
  return out;
}
