// Reads a stream's first bytes without losing them: one GET serves both the type check and clamd.
import { Readable } from "node:stream";

export interface Peeked {
  /** Up to `size` first bytes. */
  head: Buffer;
  /** The whole stream again, from its first byte. */
  stream: Readable;
}

export async function peek(source: Readable, size: number): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const start = Buffer.concat(chunks);
  async function* whole() {
    try {
      if (start.length > 0) yield start;
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  }
  const stream = Readable.from(whole(), { objectMode: false });
  // Destroyed before its first read (clamd unreachable), the generator never starts and its
  // finally never runs: the source (an S3 body, holding a pooled socket) is closed here instead.
  stream.once("close", () => source.destroy());
  return { head: start.subarray(0, size), stream };
}
