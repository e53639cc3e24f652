// S3's CopyObject replaces its destination only when it succeeds. Two scan deliveries moving
// one file out of staging race a copy against the source's deletion; with s3rver's own store
// the losing copy deleted the destination the winner had just written (a clean file lost
// between the scan and processing). Each round here races copies against that deletion.
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningS3, s3ClientConfig, startS3 } from "../../src/s3/server";

const credentials = { accessKeyId: "AKIDINTAKELOCAL", secretAccessKey: "local-secret" };
let dir: string;
let s3: RunningS3;
let client: S3Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "intake-s3-atomic-"));
  s3 = await startS3({
    port: 0,
    directory: dir,
    buckets: ["staging", "production"],
    corsOrigins: [],
    credentials,
    region: "us-east-1",
  });
  client = new S3Client(s3ClientConfig(s3.endpoint, credentials, "us-east-1"));
});

afterAll(async () => {
  client?.destroy();
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

const copy = (key: string) =>
  client.send(
    new CopyObjectCommand({
      CopySource: `staging/${key}`,
      Bucket: "production",
      Key: key,
      MetadataDirective: "REPLACE",
      ContentType: "application/pdf",
    }),
  );

describe("CopyObject on the local S3", () => {
  it("a copy racing the deletion of its source never leaves the destination missing", async () => {
    const body = Buffer.alloc(256 * 1024, 7); // big enough that a copy takes a while
    let refused = 0;
    for (let round = 0; round < 60; round++) {
      const key = `race/${round}.pdf`;
      await client.send(new PutObjectCommand({ Bucket: "staging", Key: key, Body: body }));
      await copy(key); // the delivery that wins
      // Late deliveries copy again while the winner deletes staging, a little later each round
      // so that some deletions land inside a copy.
      const late = await Promise.allSettled([
        copy(key),
        copy(key),
        sleep(round % 15).then(() => client.send(new DeleteObjectCommand({ Bucket: "staging", Key: key }))),
      ]);
      refused += late.filter((r) => r.status === "rejected").length;
      const head = await client.send(new HeadObjectCommand({ Bucket: "production", Key: key }));
      expect(head.ContentLength, `round ${round}`).toBe(body.length);
    }
    const last = await client.send(new GetObjectCommand({ Bucket: "production", Key: "race/59.pdf" }));
    expect(Buffer.from(await last.Body!.transformToByteArray()).equals(body)).toBe(true);
    console.log(`copies refused because staging was already empty: ${refused} of 120`);
  });

  it("a copy whose source is gone is NoSuchKey, and leaves no side files behind", async () => {
    await client.send(new PutObjectCommand({ Bucket: "production", Key: "kept.pdf", Body: "kept" }));
    const error = await copy("never-there.pdf").catch((e: unknown) => e);
    expect((error as Error).name).toBe("NoSuchKey");
    const files = await readdir(join(dir, "production"), { recursive: true });
    expect(files.filter((f) => String(f).includes(".partial"))).toEqual([]);
  });
});
