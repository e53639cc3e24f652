// Multipart test files: bodies that differ in every MiB, and parts sent straight to S3.
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { s3 } from "@intake/core/aws";
import { settings } from "@intake/core/settings";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { client } from "./api";

export const MiB = 1024 * 1024;
type Api = ReturnType<typeof client>;

/** A PDF whose every MiB carries its own index, so parts sent out of place are caught. */
export function pdfOfSize(sizeBytes: number): Buffer {
  const body = Buffer.alloc(sizeBytes, 0x20);
  for (let offset = MiB; offset < sizeBytes; offset += MiB) body.write(`\n% MiB ${offset / MiB}\n`, offset);
  body.write("%PDF-1.7\n");
  return body;
}

export const sha256 = (bytes: Buffer | Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export async function initiateMultipart(api: Api, sizeBytes: number) {
  const started = await api.upload.initiate.mutate({
    purpose: "statement",
    filename: "statement.pdf",
    contentType: "application/pdf",
    sizeBytes,
  });
  if (started.method !== "MULTIPART") throw new Error(`expected MULTIPART, got ${started.method}`);
  return started;
}

export function partOf(body: Buffer, partSize: number, partNumber: number): Buffer {
  return body.subarray((partNumber - 1) * partSize, partNumber * partSize);
}

/** Signs and PUTs the given parts (four at a time); returns their ETags in part order. */
export async function sendParts(api: Api, uploadId: string, body: Buffer, partSize: number, numbers: number[]) {
  const { parts } = await api.upload.signParts.mutate({ uploadId, partNumbers: numbers });
  const sent: Array<{ partNumber: number; etag: string }> = [];
  const queue = [...parts];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let part = queue.shift(); part; part = queue.shift()) {
        const response = await fetch(part.url, {
          method: "PUT",
          body: new Uint8Array(partOf(body, partSize, part.partNumber)),
        });
        if (response.status !== 200)
          throw new Error(`part ${part.partNumber}: HTTP ${response.status} ${await response.text()}`);
        sent.push({ partNumber: part.partNumber, etag: response.headers.get("etag")! });
      }
    }),
  );
  return sent.sort((a, b) => a.partNumber - b.partNumber);
}

/**
 * The stored bytes: from staging, or from where the scanner moved them once the upload is
 * received (the scan consumer may run as soon as S3 reports the object).
 */
export async function storedBytes(ownerId: string, uploadId: string): Promise<Buffer | undefined> {
  const { buckets } = settings();
  const places = [
    [buckets.staging, `staging/${ownerId}/${uploadId}.pdf`],
    [buckets.production, `files/${ownerId}/${uploadId}.pdf`],
  ] as const;
  for (const [Bucket, Key] of places) {
    try {
      const object = await s3().send(new GetObjectCommand({ Bucket, Key }));
      const chunks: Buffer[] = [];
      for await (const chunk of object.Body as Readable) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      if ((error as { name?: string }).name !== "NoSuchKey") throw error;
    }
  }
  return undefined;
}
