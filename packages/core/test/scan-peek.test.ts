import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { peek } from "../src/scan/peek";

/** A source like an S3 body: more than the head, and a record of whether it was closed. */
function source() {
  const chunks = Array.from({ length: 8 }, (_, i) => Buffer.alloc(16 * 1024, i));
  return Readable.from(chunks, { objectMode: false });
}

describe("peek", () => {
  it("gives the head, then the whole stream from its first byte", async () => {
    const { head, stream } = await peek(source(), 20 * 1024);
    expect(head.length).toBe(20 * 1024);
    const all = Buffer.concat(await stream.toArray());
    expect(all.length).toBe(8 * 16 * 1024);
  });

  it("closes the source when the stream is destroyed before anyone reads it (clamd unreachable)", async () => {
    const body = source();
    const { stream } = await peek(body, 20 * 1024);
    stream.destroy();
    await new Promise((resolve) => stream.once("close", resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(body.destroyed).toBe(true);
  });
});
