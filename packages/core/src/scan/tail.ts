// Watches a stream's bytes as they pass to clamd: the end of a file is checked in the same read.
import { pipeline, type Readable, Transform } from "node:stream";
import { HtmlAfterEnd } from "./polyglot";

export interface Watched {
  /** The bytes as they came, for the next reader. */
  stream: Readable;
  /** Up to the last `keep` bytes seen. */
  tail(): Buffer;
  /** Whether an HTML document followed the file's end marker. */
  htmlAfterEnd(): boolean;
  /** Whether the source ended (every byte passed), rather than being cut short. */
  ended(): boolean;
}

export function watchStream(source: Readable, detectedType: string, keep: number): Watched {
  const chunks: Buffer[] = [];
  let kept = 0;
  let ended = false;
  const html = new HtmlAfterEnd(detectedType);
  const through = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      html.push(chunk);
      chunks.push(chunk);
      kept += chunk.length;
      while (chunks.length > 1 && kept - chunks[0]!.length >= keep) kept -= chunks.shift()!.length;
      done(null, chunk);
    },
    flush(done) {
      ended = true;
      done();
    },
  });
  // Destroying either end destroys the other: the source (an S3 body) is never left open.
  pipeline(source, through, () => {});
  return {
    stream: through,
    tail: () => {
      const all = Buffer.concat(chunks);
      return all.subarray(Math.max(0, all.length - keep));
    },
    htmlAfterEnd: () => html.found(),
    ended: () => ended,
  };
}
