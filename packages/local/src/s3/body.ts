import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { S3Fault } from "./errors";

export interface SpooledBody {
  file: string;
  /** Bytes actually received, including any beyond `maxBytes` (those are counted, not kept). */
  size: number;
  sha256: Buffer;
  md5: Buffer;
  discard(): Promise<void>;
}

/**
 * Reads the whole request body into a file under `directory`, counting and hashing it, so the
 * body can be checked before s3rver sees any of it: s3rver writes straight into the object's
 * file and would leave a truncated or oversized body stored.
 */
export async function spoolBody(req: Readable, directory: string, maxBytes = Infinity): Promise<SpooledBody> {
  const file = join(directory, randomUUID());
  const hash = createHash("sha256");
  const md5 = createHash("md5");
  let size = 0;
  // Past maxBytes, keep draining (so the client can read the refusal) but store nothing more.
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const room = maxBytes - size;
      size += chunk.length;
      if (room <= 0) return done();
      const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
      hash.update(kept);
      md5.update(kept);
      done(null, kept);
    },
  });
  const discard = () => rm(file, { force: true });
  try {
    await pipeline(req, count, createWriteStream(file));
  } catch {
    await discard();
    throw new S3Fault(
      "IncompleteBody",
      "You did not provide the number of bytes specified by the Content-Length HTTP header.",
    );
  }
  return { file, size, sha256: hash.digest(), md5: md5.digest(), discard };
}
