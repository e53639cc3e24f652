// What the scan benchmarks share: files no scanner cache can help with, a bounded pool,
// uploads staged as a PUT leaves them, and clamd's INSTREAM spoken directly.
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { s3 } from "@intake/core/aws";
import { Keys } from "@intake/core/keys";
import type { Name as Purpose } from "@intake/core/purpose";
import { settings } from "@intake/core/settings";
import { Store } from "@intake/core/upload/store";
import { randomBytes, randomUUID } from "node:crypto";
import { createConnection } from "node:net";

/** A PDF of `size` bytes with random content, so no scanner cache can help. */
export function pdfOf(size: number): Buffer {
  const head = Buffer.from("%PDF-1.7\n1 0 obj\n<< /Length 0 >>\nstream\n", "latin1");
  const tail = Buffer.from("\nendstream\nendobj\n%%EOF\n", "latin1");
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

/** Runs `work` on every item, `concurrency` at a time. */
export async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/**
 * Pending uploads with their bytes in staging (S3 queues a scan event for each), each with
 * its own owner: one owner's files would take turns at clamd (scan/clamd-turns.ts).
 */
export async function stagePending(
  kind: { purpose: Purpose; filename: string; contentType: string },
  files: Buffer[],
): Promise<string[]> {
  const { buckets, pendingTtlSeconds } = settings();
  const ids: string[] = [];
  await pool(files, 4, async (body) => {
    const uploadId = `upl_${randomUUID().replaceAll("-", "")}`;
    const ownerId = `bench_${randomUUID().slice(0, 8)}`;
    const stagingKey = Keys.staging(ownerId, uploadId, kind.contentType);
    await Store.create({
      uploadId,
      ownerId,
      purpose: kind.purpose,
      filename: kind.filename,
      contentType: kind.contentType,
      sizeBytes: body.length,
      stagingKey,
      expiresAt: new Date(Date.now() + pendingTtlSeconds * 1000).toISOString(),
    });
    await s3().send(
      new PutObjectCommand({ Bucket: buckets.staging, Key: stagingKey, Body: body, ContentType: kind.contentType }),
    );
    ids.push(uploadId);
  });
  return ids;
}

/** `data` in 64 KiB chunks, as a stream would bring it. */
export function* chunksOf(data: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < data.length; offset += 64 * 1024) yield data.subarray(offset, offset + 64 * 1024);
}

/** clamd INSTREAM on `port`, the bytes as they come: `zINSTREAM\0`, length-prefixed chunks, a zero length. */
export function instream(port: number, body: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    const reply: Buffer[] = [];
    socket.on("data", (chunk) => reply.push(chunk));
    socket.on("end", () => resolve(Buffer.concat(reply).toString("utf8").replace(/\0$/, "")));
    socket.on("error", reject);
    socket.on("connect", async () => {
      const send = (b: Buffer) => (socket.write(b) ? Promise.resolve() : new Promise((ok) => socket.once("drain", ok)));
      try {
        await send(Buffer.from("zINSTREAM\0"));
        for await (const chunk of body) {
          const length = Buffer.alloc(4);
          length.writeUInt32BE(chunk.length);
          await send(Buffer.concat([length, chunk]));
        }
        await send(Buffer.alloc(4));
      } catch (error) {
        socket.destroy(error as Error);
      }
    });
  });
}
