// Reading an ePub's zip under limits: nothing is extracted to disk, every entry is inflated
// at most once, and its bytes are counted as they come out, whatever the headers claim.
import yauzl, { type Entry, type ZipFile } from "yauzl";
import type { Limits } from "./inspection";

/** The zip is not one we will read; `detail` says why, for people and logs. */
export class ZipRefused extends Error {
  override name = "ZipRefused";
}

/** Below this an entry's ratio is not judged: tiny entries have wild ratios and cannot hurt. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

export interface OpenedZip {
  /** File entries' names in archive order (no directories). */
  names: string[];
  /** The first entry (directories included) and whether it is stored (ePub's `mimetype` rule). */
  first: { name: string; stored: boolean } | undefined;
  /** The entry's inflated bytes, counted against the limits (again, if read again). */
  read(name: string): Promise<Buffer>;
  /** Inflates (and counts) every entry not read yet, discarding the bytes. */
  drain(): Promise<void>;
}

export async function openZip(bytes: Uint8Array, limits: Limits["zip"]): Promise<OpenedZip> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (error, zip) =>
      error ? reject(refused(error)) : resolve(zip),
    ),
  );
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new ZipRefused(`${zip.entryCount} entries, more than the limit of ${limits.maxEntries} (maxEntries)`);
  }
  const { entries, first } = await listEntries(zip, limits);
  const byName = new Map(entries.map((entry) => [entry.fileName, entry]));
  const read = new Set<string>();
  let inflated = 0;

  async function inflate(entry: Entry, keep: boolean): Promise<Buffer> {
    read.add(entry.fileName);
    const chunks: Buffer[] = [];
    const stream = await new Promise<NodeJS.ReadableStream & { destroy(): void }>((resolve, reject) =>
      zip.openReadStream(entry, (error, stream) => (error ? reject(refused(error, entry.fileName)) : resolve(stream))),
    );
    let size = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        size += chunk.length;
        inflated += chunk.length;
        if (inflated > limits.maxUncompressedBytes) {
          throw new ZipRefused(
            `inflates past ${limits.maxUncompressedBytes} bytes in all (maxUncompressedBytes), at ${entry.fileName}`,
          );
        }
        if (size > RATIO_FLOOR_BYTES && size > Math.max(entry.compressedSize, 1) * limits.maxRatio) {
          throw new ZipRefused(`${entry.fileName} inflates more than ${limits.maxRatio} times its size (maxRatio)`);
        }
        if (keep) chunks.push(chunk);
      }
    } catch (error) {
      // yauzl's validateEntrySizes stops an entry the moment it inflates past what its headers claim.
      if (/too many bytes|not enough bytes/.test((error as Error).message)) {
        throw new ZipRefused(`${entry.fileName} does not inflate to the size its headers claim`);
      }
      throw refused(error, entry.fileName);
    } finally {
      stream.destroy();
    }
    return Buffer.concat(chunks);
  }

  return {
    names: entries.map((entry) => entry.fileName),
    first,
    read(name) {
      const entry = byName.get(name);
      if (!entry) return Promise.reject(new Error(`no entry ${name}`));
      return inflate(entry, true);
    },
    async drain() {
      for (const entry of entries) if (!read.has(entry.fileName)) await inflate(entry, false);
      zip.close();
    },
  };
}

/** The central directory, checked entry by entry before any data is inflated. */
function listEntries(zip: ZipFile, limits: Limits["zip"]): Promise<Pick<OpenedZip, "first"> & { entries: Entry[] }> {
  const entries: Entry[] = [];
  let first: OpenedZip["first"];
  const names = new Set<string>();
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => {
      zip.close();
      reject(refused(error));
    };
    zip.on("error", fail);
    zip.on("end", () => resolve({ entries, first }));
    zip.on("entry", (entry: Entry) => {
      const name = entry.fileName;
      // yauzl already refuses absolute and `..` names; this keeps the rule if it ever stops.
      if (name.startsWith("/") || /^[a-zA-Z]:/.test(name) || name.split("/").includes("..")) {
        return fail(new ZipRefused(`unsafe entry name ${name}`));
      }
      if (entry.isEncrypted()) return fail(new ZipRefused(`encrypted entry ${name}`));
      if (names.has(name)) return fail(new ZipRefused(`two entries named ${name}`));
      if (
        entry.uncompressedSize > RATIO_FLOOR_BYTES &&
        entry.uncompressedSize > Math.max(entry.compressedSize, 1) * limits.maxRatio
      ) {
        return fail(new ZipRefused(`${name} claims more than ${limits.maxRatio} times its size (maxRatio)`));
      }
      names.add(name);
      first ??= { name, stored: entry.compressionMethod === 0 };
      if (!name.endsWith("/")) entries.push(entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
}

function refused(error: unknown, name?: string): ZipRefused {
  if (error instanceof ZipRefused) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ZipRefused(name ? `${name}: ${message}` : message);
}
