// If-Match and x-amz-copy-source-if-match, which s3rver alone ignores: the scanner copies
// only the version it checked.
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningS3, s3ClientConfig, startS3 } from "../../src/s3/server";

const credentials = { accessKeyId: "AKIDINTAKELOCAL", secretAccessKey: "local-secret" };
let dir: string;
let s3: RunningS3;
let client: S3Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "intake-s3-preconditions-"));
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

async function putObject(key: string, body: string): Promise<string> {
  const { ETag } = await client.send(new PutObjectCommand({ Bucket: "staging", Key: key, Body: body }));
  return ETag!;
}

const status = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

describe("ETag preconditions", () => {
  it("GET and HEAD with If-Match: the current ETag passes, another is 412", async () => {
    const etag = await putObject("a.txt", "first");
    const got = await client.send(new GetObjectCommand({ Bucket: "staging", Key: "a.txt", IfMatch: etag }));
    expect(await got.Body!.transformToString()).toBe("first");
    await expect(
      client.send(new HeadObjectCommand({ Bucket: "staging", Key: "a.txt", IfMatch: etag })),
    ).resolves.toBeDefined();

    await putObject("a.txt", "replaced");
    const refused = await client
      .send(new GetObjectCommand({ Bucket: "staging", Key: "a.txt", IfMatch: etag }))
      .catch((e) => e);
    expect(status(refused)).toBe(412);
    expect(refused.name).toBe("PreconditionFailed");
    expect(
      status(
        await client.send(new HeadObjectCommand({ Bucket: "staging", Key: "a.txt", IfMatch: etag })).catch((e) => e),
      ),
    ).toBe(412);
  });

  it("CopyObject copies only the version named by x-amz-copy-source-if-match", async () => {
    const etag = await putObject("b.txt", "scanned bytes");
    const copy = (Key: string) =>
      client.send(
        new CopyObjectCommand({ Bucket: "production", Key, CopySource: "staging/b.txt", CopySourceIfMatch: etag }),
      );
    await copy("b1.txt");
    const copied = await client.send(new GetObjectCommand({ Bucket: "production", Key: "b1.txt" }));
    expect(await copied.Body!.transformToString()).toBe("scanned bytes");

    await putObject("b.txt", "swapped in after the scan");
    expect(status(await copy("b2.txt").catch((e) => e))).toBe(412);
    const missing = await client.send(new HeadObjectCommand({ Bucket: "production", Key: "b2.txt" })).catch((e) => e);
    expect(status(missing)).toBe(404);
  });

  it("a missing object is still NoSuchKey, not a precondition failure", async () => {
    const error = await client
      .send(new GetObjectCommand({ Bucket: "staging", Key: "nothing.txt", IfMatch: '"0123"' }))
      .catch((e) => e);
    expect(status(error)).toBe(404);
  });
});
