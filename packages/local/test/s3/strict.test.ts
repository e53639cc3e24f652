import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { S3EventRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spoolBody } from "../../src/s3/body";
import { type RunningS3, s3ClientConfig, startS3 } from "../../src/s3/server";

const REGION = "eu-west-1"; // not s3rver's hard-coded us-east-1, so the event mapping shows
const BUCKET = "staging";
const ORIGIN = "http://127.0.0.1:3000";
const credentials = { accessKeyId: "AKIDINTAKELOCAL", secretAccessKey: "local-secret" };
const MiB = 1024 * 1024;
type Bytes = Uint8Array<ArrayBuffer>;

let dir: string;
let s3: RunningS3;
let client: S3Client;
const events: S3EventRecord[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "intake-s3-test-"));
  s3 = await startS3({
    port: 0,
    directory: dir,
    buckets: [BUCKET, "production"],
    corsOrigins: [ORIGIN],
    credentials,
    region: REGION,
    onObjectCreated: (event) => void events.push(event),
  });
  client = new S3Client(s3ClientConfig(s3.endpoint, credentials, REGION));
});

afterAll(async () => {
  client?.destroy();
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
const uniqueKey = (name = "file.pdf") => `staging/owner/${++counter}-${name}`;
const bytes = (length: number, fill = 0x61): Bytes => new Uint8Array(length).fill(fill);
const md5 = (data: Uint8Array) => createHash("md5").update(data).digest("hex");

interface PresignPut {
  body: Bytes;
  contentType?: string;
  checksumSha256?: string;
  using?: S3Client;
  expiresIn?: number;
  signingDate?: Date;
}

function presignPut(key: string, { body, contentType = "application/pdf", using = client, ...options }: PresignPut) {
  return getSignedUrl(
    using,
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: key,
      ContentType: contentType,
      ContentLength: body.length,
      ChecksumSHA256: options.checksumSha256,
    }),
    { signableHeaders: new Set(["content-type"]), expiresIn: options.expiresIn, signingDate: options.signingDate },
  );
}

function put(url: string, body: Bytes, contentType = "application/pdf", headers: Record<string, string> = {}) {
  return fetch(url, { method: "PUT", body, headers: { "content-type": contentType, ...headers } });
}

async function errorCode(res: Response): Promise<string | undefined> {
  return /<Code>(.*?)<\/Code>/.exec(await res.text())?.[1];
}

async function stored(key: string, bucket = BUCKET): Promise<Uint8Array | undefined> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await out.Body!.transformToByteArray();
  } catch (err) {
    if ((err as Error).name === "NoSuchKey") return undefined;
    throw err;
  }
}

async function waitFor<T>(find: () => T | undefined, timeoutMs = 5000): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; ) {
    const found = find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("timed out waiting");
}

describe("presigned PUT", () => {
  it("stores the bytes of a valid upload and answers with their MD5 ETag", async () => {
    const key = uniqueKey();
    const body = bytes(1234, 0x25);
    const res = await put(await presignPut(key, { body }), body);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe(`"${md5(body)}"`);
    expect(await stored(key)).toEqual(body);
  });

  it("signs content-length and content-type", async () => {
    const url = new URL(await presignPut(uniqueKey(), { body: bytes(10) }));
    expect(url.searchParams.get("X-Amz-SignedHeaders")!.split(";")).toEqual(
      expect.arrayContaining(["content-length", "content-type", "host"]),
    );
  });

  it("refuses a tampered signature and stores nothing", async () => {
    const key = uniqueKey();
    const body = bytes(100);
    const url = new URL(await presignPut(key, { body }));
    const signature = url.searchParams.get("X-Amz-Signature")!;
    url.searchParams.set("X-Amz-Signature", (signature[0] === "a" ? "b" : "a") + signature.slice(1));
    const res = await put(url.href, body);
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("SignatureDoesNotMatch");
    expect(await stored(key)).toBeUndefined();
  });

  it("refuses the URL reused for another key", async () => {
    const key = uniqueKey("a.pdf");
    const other = uniqueKey("b.pdf");
    const body = bytes(100);
    const url = (await presignPut(key, { body })).replace(
      encodeURIComponent(key.split("/").at(-1)!),
      other.split("/").at(-1)!,
    );
    const res = await put(url, body);
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("SignatureDoesNotMatch");
    expect(await stored(other)).toBeUndefined();
    expect(await stored(key)).toBeUndefined();
  });

  it("refuses the URL used with another method", async () => {
    const key = uniqueKey();
    const body = bytes(10);
    const url = await presignPut(key, { body });
    expect((await put(url, body)).status).toBe(200);
    const res = await fetch(url); // GET with the PUT's signature
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("SignatureDoesNotMatch");
  });

  it("refuses a changed query parameter", async () => {
    const key = uniqueKey();
    const body = bytes(10);
    const url = new URL(await presignPut(key, { body, expiresIn: 60 }));
    url.searchParams.set("X-Amz-Expires", "604800");
    const res = await put(url.href, body);
    expect(res.status).toBe(403);
    expect(await stored(key)).toBeUndefined();
  });

  it("refuses a body longer than the signed length and stores nothing", async () => {
    const key = uniqueKey();
    const url = await presignPut(key, { body: bytes(100) });
    const res = await put(url, bytes(101));
    expect(res.status).toBe(403);
    expect(await stored(key)).toBeUndefined();
  });

  it("refuses a body shorter than the signed length and stores nothing", async () => {
    const key = uniqueKey();
    const url = await presignPut(key, { body: bytes(100) });
    const res = await put(url, bytes(99));
    expect(res.status).toBe(403);
    expect(await stored(key)).toBeUndefined();
  });

  it("stores nothing, and keeps the previous object, when the connection ends before the signed length", async () => {
    const key = uniqueKey();
    const original = bytes(10, 0x31);
    expect((await put(await presignPut(key, { body: original }), original)).status).toBe(200);

    const url = new URL(await presignPut(key, { body: bytes(10) }));
    const socket = connect(s3.port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.on("error", () => {});
    socket.on("data", () => {});
    socket.write(
      `PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n` +
        "Content-Type: application/pdf\r\nContent-Length: 10\r\n\r\nhello",
    );
    socket.end(); // the client claimed 10 bytes and sent 5
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await stored(key)).toEqual(original);
  });

  it("refuses a content type other than the signed one", async () => {
    const key = uniqueKey();
    const body = bytes(10);
    const res = await put(await presignPut(key, { body, contentType: "application/pdf" }), body, "text/html");
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("SignatureDoesNotMatch");
    expect(await stored(key)).toBeUndefined();
  });

  it("refuses an expired URL", async () => {
    const key = uniqueKey();
    const body = bytes(10);
    const url = await presignPut(key, { body, expiresIn: 60, signingDate: new Date(Date.now() - 120_000) });
    const res = await put(url, body);
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain("<Code>AccessDenied</Code>");
    expect(text).toContain("Request has expired");
    expect(await stored(key)).toBeUndefined();
  });

  it("refuses a request with no signature", async () => {
    const key = uniqueKey();
    const res = await put(`${s3.endpoint}/${BUCKET}/${key}`, bytes(10));
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("AccessDenied");
    expect(await stored(key)).toBeUndefined();
    expect((await fetch(`${s3.endpoint}/${BUCKET}/${key}`)).status).toBe(403);
  });

  it("refuses a URL signed with the wrong secret or an unknown access key", async () => {
    const key = uniqueKey();
    const body = bytes(10);
    const wrongSecret = new S3Client(s3ClientConfig(s3.endpoint, { ...credentials, secretAccessKey: "nope" }, REGION));
    const unknownKey = new S3Client(
      s3ClientConfig(s3.endpoint, { ...credentials, accessKeyId: "AKIDUNKNOWN" }, REGION),
    );
    const bad = await put(await presignPut(key, { body, using: wrongSecret }), body);
    expect(bad.status).toBe(403);
    expect(await errorCode(bad)).toBe("SignatureDoesNotMatch");
    const unknown = await put(await presignPut(key, { body, using: unknownKey }), body);
    expect(unknown.status).toBe(403);
    expect(await errorCode(unknown)).toBe("InvalidAccessKeyId");
    expect(await stored(key)).toBeUndefined();
  });

  it("checks a signed x-amz-checksum-sha256 against the bytes", async () => {
    const key = uniqueKey();
    const body = bytes(64, 0x41);
    const checksumSha256 = createHash("sha256").update(body).digest("base64");
    const url = await presignPut(key, { body, checksumSha256 });
    const wrong = await put(url, bytes(64, 0x42)); // same length and type: only the checksum can catch it
    expect(wrong.status).toBe(400);
    expect(await errorCode(wrong)).toBe("BadDigest");
    expect(await stored(key)).toBeUndefined();
    expect((await put(url, body)).status).toBe(200);
    expect(await stored(key)).toEqual(body);
  });

  it("checks x-amz-checksum-sha256 sent as a signed header, as core presigns it", async () => {
    const key = uniqueKey();
    const body = bytes(64, 0x41);
    const checksum = createHash("sha256").update(body).digest("base64");
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        ContentType: "application/pdf",
        ContentLength: 64,
        ChecksumSHA256: checksum,
      }),
      {
        signableHeaders: new Set(["content-type", "content-length", "x-amz-checksum-sha256"]),
        unhoistableHeaders: new Set(["x-amz-checksum-sha256"]),
      },
    );
    expect(new URL(url).searchParams.get("X-Amz-SignedHeaders")).toContain("x-amz-checksum-sha256");
    const withChecksum = { "x-amz-checksum-sha256": checksum };
    const wrong = await put(url, bytes(64, 0x42), "application/pdf", withChecksum);
    expect(await errorCode(wrong)).toBe("BadDigest");
    const withoutHeader = await put(url, body);
    expect(await errorCode(withoutHeader)).toBe("SignatureDoesNotMatch");
    expect(await stored(key)).toBeUndefined();
    expect((await put(url, body, "application/pdf", withChecksum)).status).toBe(200);
    expect(await stored(key)).toEqual(body);
  });

  it.each([
    ["x-amz-meta-owner", "someone-else"],
    ["x-amz-acl", "public-read"],
    ["x-amz-tagging", "public=yes"],
    ["x-amz-website-redirect-location", "/elsewhere"],
  ])("refuses a presigned PUT carrying %s unsigned, as S3 does, and stores nothing", async (name, value) => {
    const key = uniqueKey();
    const body = bytes(10);
    const res = await put(await presignPut(key, { body }), body, "application/pdf", { [name]: value });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain("<Code>AccessDenied</Code>");
    expect(text).toContain("There were headers present in the request which were not signed");
    expect(text).toContain(name);
    expect(await stored(key)).toBeUndefined();
  });

  it("checks Content-MD5 against the bytes (BadDigest) and stores nothing on a mismatch", async () => {
    const key = uniqueKey();
    const body = bytes(32, 0x41);
    const url = await presignPut(key, { body });
    const wrongMd5 = createHash("md5").update(bytes(32, 0x42)).digest("base64");
    const wrong = await put(url, body, "application/pdf", { "content-md5": wrongMd5 });
    expect(wrong.status).toBe(400);
    expect(await errorCode(wrong)).toBe("BadDigest");
    expect(await stored(key)).toBeUndefined();
    const notADigest = await put(url, body, "application/pdf", { "content-md5": "not-md5" });
    expect(notADigest.status).toBe(400);
    expect(await errorCode(notADigest)).toBe("InvalidDigest");
    const rightMd5 = createHash("md5").update(body).digest("base64");
    expect((await put(url, body, "application/pdf", { "content-md5": rightMd5 })).status).toBe(200);
    expect(await stored(key)).toEqual(body);
  });

  it("signs presigned GETs with response overrides, and refuses a changed override", async () => {
    const key = uniqueKey();
    const body = bytes(20);
    await put(await presignPut(key, { body }), body);
    const url = await getSignedUrl(
      client,
      new GetObjectCommand({ Bucket: BUCKET, Key: key, ResponseContentDisposition: 'attachment; filename="a.pdf"' }),
      { expiresIn: 60 },
    );
    const ok = await fetch(url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-disposition")).toBe('attachment; filename="a.pdf"');
    expect(new Uint8Array(await ok.arrayBuffer())).toEqual(body);
    const changed = new URL(url);
    changed.searchParams.set("response-content-disposition", "inline");
    expect((await fetch(changed)).status).toBe(403);
  });
});

describe("SDK calls signed in the Authorization header", () => {
  const wrong = () => new S3Client(s3ClientConfig(s3.endpoint, { ...credentials, secretAccessKey: "nope" }, REGION));

  it("work with the right credentials", async () => {
    const key = uniqueKey();
    const copy = uniqueKey("copy.pdf");
    await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "hello", ContentType: "application/pdf" }),
    );
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentLength).toBe(5);
    expect(head.ContentType).toBe("application/pdf");
    await client.send(new CopyObjectCommand({ Bucket: "production", Key: copy, CopySource: `${BUCKET}/${key}` }));
    expect(Buffer.from((await stored(copy, "production"))!).toString()).toBe("hello");
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await stored(key)).toBeUndefined();
  });

  it("fail with the wrong credentials, changing nothing", async () => {
    const key = uniqueKey();
    const copy = uniqueKey("copy.pdf");
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "hello" }));
    const bad = wrong();
    await expect(bad.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    await expect(
      bad.send(new CopyObjectCommand({ Bucket: "production", Key: copy, CopySource: `${BUCKET}/${key}` })),
    ).rejects.toMatchObject({ name: "SignatureDoesNotMatch" });
    await expect(bad.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }))).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
    });
    await expect(bad.send(new PutObjectCommand({ Bucket: BUCKET, Key: copy, Body: "x" }))).rejects.toMatchObject({
      name: "SignatureDoesNotMatch",
    });
    expect(await stored(copy, "production")).toBeUndefined();
    expect(await stored(copy)).toBeUndefined();
    expect(Buffer.from((await stored(key))!).toString()).toBe("hello");
  });

  it("refuse a body whose SHA-256 differs from the signed x-amz-content-sha256", async () => {
    const key = uniqueKey();
    const url = new URL(`${s3.endpoint}/${BUCKET}/${key}`);
    const signer = new SignatureV4({
      credentials,
      region: REGION,
      service: "s3",
      sha256: Sha256,
      uriEscapePath: false,
    });
    const signed = await signer.sign({
      method: "PUT",
      protocol: "http:",
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: {
        host: url.host,
        "x-amz-content-sha256": createHash("sha256").update("hello").digest("hex"),
      },
    });
    const res = await fetch(url, { method: "PUT", headers: signed.headers, body: "jello" });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("XAmzContentSHA256Mismatch");
    expect(await stored(key)).toBeUndefined();
    const good = await fetch(url, { method: "PUT", headers: signed.headers, body: "hello" });
    expect(good.status).toBe(200);
  });
});

describe("multipart", () => {
  const create = async (key: string) =>
    (await client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ContentType: "application/pdf" })))
      .UploadId!;

  async function uploadPart(key: string, uploadId: string, partNumber: number, body: Bytes) {
    const url = await getSignedUrl(
      client,
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        PartNumber: partNumber,
        ContentLength: body.length,
      }),
      { expiresIn: 60 },
    );
    return fetch(url, { method: "PUT", body });
  }

  const listParts = (key: string, uploadId: string, extra: { MaxParts?: number; PartNumberMarker?: string } = {}) =>
    client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, ...extra }));

  const complete = (key: string, uploadId: string, parts: Array<{ PartNumber: number; ETag: string }>) =>
    client.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts },
      }),
    );

  it("lists presigned parts, refuses forged ETags, and completes with the right list", async () => {
    const key = uniqueKey("big.pdf");
    const uploadId = await create(key);
    const one = bytes(5 * MiB, 0x31);
    const two = bytes(1000, 0x32);
    const r1 = await uploadPart(key, uploadId, 1, one);
    const r2 = await uploadPart(key, uploadId, 2, two);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.headers.get("etag")).toBe(`"${md5(one)}"`);

    const listed = await listParts(key, uploadId);
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, one.length, `"${md5(one)}"`],
      [2, two.length, `"${md5(two)}"`],
    ]);
    expect(listed.Parts?.[0]?.LastModified).toBeInstanceOf(Date);
    expect(listed.IsTruncated).toBe(false);

    const firstPage = await listParts(key, uploadId, { MaxParts: 1 });
    expect(firstPage.Parts?.map((p) => p.PartNumber)).toEqual([1]);
    expect(firstPage.IsTruncated).toBe(true);
    const secondPage = await listParts(key, uploadId, {
      MaxParts: 1,
      PartNumberMarker: firstPage.NextPartNumberMarker,
    });
    expect(secondPage.Parts?.map((p) => p.PartNumber)).toEqual([2]);
    expect(secondPage.IsTruncated).toBe(false);

    const right = [
      { PartNumber: 1, ETag: `"${md5(one)}"` },
      { PartNumber: 2, ETag: `"${md5(two)}"` },
    ];
    await expect(
      complete(key, uploadId, [right[0]!, { PartNumber: 2, ETag: `"${"0".repeat(32)}"` }]),
    ).rejects.toMatchObject({
      name: "InvalidPart",
    });
    await expect(complete(key, uploadId, [right[1]!, right[0]!])).rejects.toMatchObject({ name: "InvalidPartOrder" });
    expect(await stored(key)).toBeUndefined();

    const done = await complete(key, uploadId, right);
    expect(done.ETag).toBeTruthy();
    expect(Buffer.from((await stored(key))!).equals(Buffer.concat([one, two]))).toBe(true);
    const event = await waitFor(() => events.find((e) => e.s3.object.key === key));
    expect(event.eventName).toBe("ObjectCreated:CompleteMultipartUpload");
    expect(event.s3.object.size).toBe(one.length + two.length);
    await expect(listParts(key, uploadId)).rejects.toMatchObject({ name: "NoSuchUpload" });
  });

  it("refuses to complete when a part other than the last is under 5 MiB", async () => {
    const key = uniqueKey();
    const uploadId = await create(key);
    const small = bytes(1000);
    await uploadPart(key, uploadId, 1, small);
    await uploadPart(key, uploadId, 2, small);
    const parts = [1, 2].map((PartNumber) => ({ PartNumber, ETag: `"${md5(small)}"` }));
    await expect(complete(key, uploadId, parts)).rejects.toMatchObject({ name: "EntityTooSmall" });
    expect(await stored(key)).toBeUndefined();
  });

  it("aborts: the parts are gone and the upload no longer exists", async () => {
    const key = uniqueKey();
    const uploadId = await create(key);
    expect((await uploadPart(key, uploadId, 1, bytes(100))).status).toBe(200);
    const uploads = join(dir, BUCKET, "._S3rver_uploads", uploadId);
    expect(await readdir(uploads)).toContain("1");

    const aborted = await client.send(
      new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }),
    );
    expect(aborted.$metadata.httpStatusCode).toBe(204);
    expect(existsSync(uploads)).toBe(false);
    await expect(listParts(key, uploadId)).rejects.toMatchObject({ name: "NoSuchUpload" });
    await expect(
      client.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId })),
    ).rejects.toMatchObject({ name: "NoSuchUpload" });
  });

  it("refuses parts for an unknown upload or for another key's upload", async () => {
    const key = uniqueKey();
    const unknown = "0".repeat(32);
    const res = await uploadPart(key, unknown, 1, bytes(10));
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe("NoSuchUpload");
    expect(existsSync(join(dir, BUCKET, "._S3rver_uploads", unknown))).toBe(false);

    const uploadId = await create(key);
    const elsewhere = await uploadPart(uniqueKey(), uploadId, 1, bytes(10));
    expect(elsewhere.status).toBe(404);
    expect((await listParts(key, uploadId)).Parts ?? []).toEqual([]);
  });
});

describe("CORS", () => {
  it("answers a preflight from an allowed origin and refuses another origin", async () => {
    const preflight = (origin: string) =>
      fetch(`${s3.endpoint}/${BUCKET}/staging/x.pdf`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" },
      });
    const ok = await preflight(ORIGIN);
    expect(ok.status).toBe(200);
    expect([ORIGIN, "*"]).toContain(ok.headers.get("access-control-allow-origin"));
    expect(ok.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(ok.headers.get("access-control-allow-headers")).toContain("content-type");
    expect((await preflight("http://evil.example")).status).toBe(403);
  });

  it("exposes ETag on an upload and lets the browser read a refusal", async () => {
    const body = bytes(10);
    const res = await put(await presignPut(uniqueKey(), { body }), body, "application/pdf", { origin: ORIGIN });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("access-control-expose-headers")).toContain("ETag");

    const refused = await put(await presignPut(uniqueKey(), { body }), bytes(11), "application/pdf", {
      origin: ORIGIN,
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });
});

describe("ObjectCreated events", () => {
  it("delivers a PUT in the record shape S3 sends to SQS", async () => {
    const key = uniqueKey("a b(1).pdf");
    const body = bytes(321);
    expect((await put(await presignPut(key, { body }), body)).status).toBe(200);
    const encoded = key.replace(/ /g, "+").replace("(", "%28").replace(")", "%29");
    const record = await waitFor(() => events.find((e) => e.s3.object.key === encoded));
    expect(record).toMatchObject({
      eventVersion: "2.1",
      eventSource: "aws:s3",
      awsRegion: REGION,
      eventName: "ObjectCreated:Put",
      s3: {
        s3SchemaVersion: "1.0",
        bucket: { name: BUCKET, arn: `arn:aws:s3:::${BUCKET}` },
        object: { key: encoded, size: 321, eTag: md5(body) },
      },
    });
    expect(Number.isNaN(Date.parse(record.eventTime))).toBe(false);
    expect(record.s3.object.sequencer).toMatch(/^[0-9A-F]{16}$/);
  });

  it("delivers a copy with its ETag, and sequencers increase", async () => {
    const key = uniqueKey();
    const copy = uniqueKey("copied.pdf");
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "copy me" }));
    await client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: copy, CopySource: `${BUCKET}/${key}` }));
    const original = await waitFor(() => events.find((e) => e.s3.object.key === key));
    const copied = await waitFor(() => events.find((e) => e.s3.object.key === copy));
    expect(copied.eventName).toBe("ObjectCreated:Copy");
    expect(copied.s3.object.eTag).toBe(createHash("md5").update("copy me").digest("hex"));
    expect(copied.s3.object.size).toBe(7);
    expect(copied.s3.object.sequencer > original.s3.object.sequencer).toBe(true);
  });
});

describe("startS3", () => {
  it("keeps objects across a restart on the same directory", async () => {
    const own = await mkdtemp(join(tmpdir(), "intake-s3-restart-"));
    try {
      const options = { port: 0, directory: own, buckets: [BUCKET], corsOrigins: [], credentials, region: REGION };
      const first = await startS3(options);
      const firstClient = new S3Client(s3ClientConfig(first.endpoint, credentials, REGION));
      await firstClient.send(new PutObjectCommand({ Bucket: BUCKET, Key: "kept.txt", Body: "still here" }));
      firstClient.destroy();
      await first.stop();

      const second = await startS3(options);
      const secondClient = new S3Client(s3ClientConfig(second.endpoint, credentials, REGION));
      const out = await secondClient.send(new GetObjectCommand({ Bucket: BUCKET, Key: "kept.txt" }));
      expect(await out.Body!.transformToString()).toBe("still here");
      secondClient.destroy();
      await second.stop();
      expect(second.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});

describe("spoolBody", () => {
  it("counts bytes past the limit without keeping them, and discards the file", async () => {
    const body = await spoolBody(Readable.from([Buffer.alloc(6, 1), Buffer.alloc(6, 2)]), dir, 8);
    expect(body.size).toBe(12);
    expect(await readFile(body.file)).toEqual(Buffer.from([1, 1, 1, 1, 1, 1, 2, 2]));
    await body.discard();
    expect(existsSync(body.file)).toBe(false);
  });
});
