import { HeadObjectCommand, ListPartsCommand } from "@aws-sdk/client-s3";
import { s3 } from "@intake/core/aws";
import { db } from "@intake/core/dynamo";
import { settings } from "@intake/core/settings";
import { describe, expect, it } from "vitest";
import { expectError, newUser } from "@intake/testing/api";
import { pdf } from "@intake/testing/files";
import { initiateMultipart, MiB, partOf, pdfOfSize, sendParts, sha256, storedBytes } from "@intake/testing/multipart";

const stagingKey = (sub: string, uploadId: string) => `staging/${sub}/${uploadId}.pdf`;

async function inStaging(key: string): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: settings().buckets.staging, Key: key }));
    return true;
  } catch {
    return false;
  }
}

describe("multipart initiate", () => {
  it("answers MULTIPART at the 16 MiB threshold (8 MiB parts) and PUT just below it", async () => {
    const { api } = await newUser();
    const started = await initiateMultipart(api, 16 * MiB);
    expect(started).toMatchObject({
      method: "MULTIPART",
      status: "pending",
      partSize: 8 * MiB,
      partCount: 2,
      headers: {},
    });
    expect("url" in started).toBe(false);
    const stored = await db().upload.get({ uploadId: started.uploadId }).go({ consistent: true });
    expect(stored.data).toMatchObject({ partSize: 8 * MiB, partCount: 2, multipartUploadId: expect.any(String) });

    const below = await api.upload.initiate.mutate({
      purpose: "statement",
      filename: "s.pdf",
      contentType: "application/pdf",
      sizeBytes: 16 * MiB - 1,
    });
    expect(below.method).toBe("PUT");
  });
});

describe("multipart upload through the procedures", () => {
  it("sign → PUT parts → complete reaches received, with progress and the same bytes", async () => {
    const { api, sub } = await newUser();
    const body = pdfOfSize(20 * MiB + 12345);
    const started = await initiateMultipart(api, body.length);
    expect(started).toMatchObject({ partSize: 8 * MiB, partCount: 3 });
    const { uploadId } = started;

    const signed = await api.upload.signParts.mutate({ uploadId, partNumbers: [1, 3] });
    expect(signed.parts.map((p) => p.partNumber)).toEqual([1, 3]);
    expect(Date.parse(signed.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    for (const part of signed.parts) {
      const url = new URL(part.url);
      expect(url.pathname).toBe(`/${settings().buckets.staging}/${stagingKey(sub, uploadId)}`);
      expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
      expect(url.searchParams.get("X-Amz-SignedHeaders")?.split(";")).toContain("content-length");
      expect(url.searchParams.get("partNumber")).toBe(String(part.partNumber));
    }

    expect((await api.upload.get.query({ uploadId })).progress).toEqual({ partsUploaded: 0, partCount: 3 });
    const first = await sendParts(api, uploadId, body, started.partSize, [1, 3]);
    expect((await api.upload.get.query({ uploadId })).progress).toEqual({ partsUploaded: 2, partCount: 3 });
    // The count seen by get is kept for listings.
    const listed = await api.upload.list.query({});
    expect(listed.items.find((u) => u.uploadId === uploadId)?.progress).toEqual({ partsUploaded: 2, partCount: 3 });

    const second = await sendParts(api, uploadId, body, started.partSize, [2]);
    const { parts } = await api.upload.listParts.query({ uploadId });
    expect(parts.map((p) => [p.partNumber, p.sizeBytes])).toEqual([
      [1, 8 * MiB],
      [2, 8 * MiB],
      [3, 4 * MiB + 12345],
    ]);

    const all = [...first, ...second].sort((a, b) => a.partNumber - b.partNumber);
    const done = await api.upload.complete.mutate({ uploadId, parts: all });
    expect(["received", "scanning", "processing", "ready"]).toContain(done.status);
    const upload = await api.upload.get.query({ uploadId });
    expect(upload.progress).toEqual({ partsUploaded: 3, partCount: 3 });
    expect(sha256((await storedBytes(sub, uploadId))!)).toBe(sha256(body));

    // Completing again (a retry after a lost answer) changes nothing.
    await expect(api.upload.complete.mutate({ uploadId, parts: all })).resolves.toMatchObject({ uploadId });
  });

  it("a single-PUT upload has no parts to sign, list or complete", async () => {
    const { api } = await newUser();
    const started = await api.upload.initiate.mutate({
      purpose: "invoice",
      filename: "a.pdf",
      contentType: "application/pdf",
      sizeBytes: 100,
    });
    await expectError(
      api.upload.signParts.mutate({ uploadId: started.uploadId, partNumbers: [1] }),
      "BAD_REQUEST",
      "NOT_MULTIPART",
    );
    await expectError(api.upload.listParts.query({ uploadId: started.uploadId }), "BAD_REQUEST", "NOT_MULTIPART");
    expect((await api.upload.get.query({ uploadId: started.uploadId })).progress).toBeUndefined();
  });
});

describe("complete checks the client's part list against S3's", () => {
  it("refuses a missing, reordered, forged or unsent list with PARTS_MISMATCH, and nothing completes", async () => {
    const { api, sub } = await newUser();
    const body = pdfOfSize(17 * MiB);
    const { uploadId, partSize } = await initiateMultipart(api, body.length);
    const sent = await sendParts(api, uploadId, body, partSize, [1, 2]);
    const [one, two] = sent as [(typeof sent)[0], (typeof sent)[0]];

    // Part 3 not sent yet: listed with a made-up ETag it is "not uploaded".
    const unsent = await expectError(
      api.upload.complete.mutate({
        uploadId,
        parts: [one, two, { partNumber: 3, etag: '"0123456789abcdef0123456789abcdef"' }],
      }),
      "PRECONDITION_FAILED",
      "PARTS_MISMATCH",
    );
    expect(unsent.data.details).toMatchObject({ notUploaded: [3], partCount: 3 });
    expect(unsent.message).toMatch(/parts 3 have not been uploaded/);

    const [three] = await sendParts(api, uploadId, body, partSize, [3]);
    const cases = [
      { parts: [one, two], details: { missing: [3] } },
      { parts: [two, one, three!], details: { outOfOrder: true } },
      { parts: [one, { partNumber: 2, etag: one.etag }, three!], details: { etagMismatch: [2] } },
      { parts: [one, two, three!, { partNumber: 4, etag: three!.etag }], details: { outOfRange: [4] } },
    ];
    for (const { parts, details } of cases) {
      const { data } = await expectError(
        api.upload.complete.mutate({ uploadId, parts }),
        "PRECONDITION_FAILED",
        "PARTS_MISMATCH",
      );
      expect(data.details).toMatchObject(details);
    }
    expect((await api.upload.get.query({ uploadId })).status).toBe("pending");
    expect(await inStaging(stagingKey(sub, uploadId))).toBe(false);
    expect((await api.upload.listParts.query({ uploadId })).parts).toHaveLength(3);

    await expect(api.upload.complete.mutate({ uploadId, parts: [one, two, three!] })).resolves.toMatchObject({
      uploadId,
    });
  });
});

describe("multipart access and refusals", () => {
  it("another user cannot sign, list, complete, refresh, get or abort (NOT_FOUND)", async () => {
    const owner = await newUser();
    const other = await newUser();
    const body = pdfOfSize(16 * MiB);
    const { uploadId, partSize } = await initiateMultipart(owner.api, body.length);
    const sent = await sendParts(owner.api, uploadId, body, partSize, [1, 2]);

    await expectError(other.api.upload.signParts.mutate({ uploadId, partNumbers: [1] }), "NOT_FOUND", "NOT_FOUND");
    await expectError(other.api.upload.listParts.query({ uploadId }), "NOT_FOUND", "NOT_FOUND");
    await expectError(other.api.upload.complete.mutate({ uploadId, parts: sent }), "NOT_FOUND", "NOT_FOUND");
    await expectError(other.api.upload.refresh.mutate({ uploadId }), "NOT_FOUND", "NOT_FOUND");
    await expectError(other.api.upload.get.query({ uploadId }), "NOT_FOUND", "NOT_FOUND");
    await expectError(other.api.upload.abort.mutate({ uploadId }), "NOT_FOUND", "NOT_FOUND");

    // Nothing the other user tried touched it.
    expect((await owner.api.upload.listParts.query({ uploadId })).parts).toHaveLength(2);
    await expect(owner.api.upload.complete.mutate({ uploadId, parts: sent })).resolves.toMatchObject({ uploadId });
  });

  it("abort drops the parts in S3 and marks the upload aborted", async () => {
    const { api, sub } = await newUser();
    const body = pdfOfSize(24 * MiB);
    const { uploadId, partSize } = await initiateMultipart(api, body.length);
    await sendParts(api, uploadId, body, partSize, [1, 2]);
    const { data } = await db().upload.get({ uploadId }).go({ consistent: true });

    await expect(api.upload.abort.mutate({ uploadId })).resolves.toEqual({ uploadId, status: "aborted" });
    await expect(
      s3().send(
        new ListPartsCommand({
          Bucket: settings().buckets.staging,
          Key: stagingKey(sub, uploadId),
          UploadId: data!.multipartUploadId,
        }),
      ),
    ).rejects.toMatchObject({ name: "NoSuchUpload" });
    expect((await api.upload.get.query({ uploadId })).status).toBe("aborted");
    await expectError(api.upload.signParts.mutate({ uploadId, partNumbers: [3] }), "CONFLICT", "INVALID_STATE");
    await expectError(api.upload.listParts.query({ uploadId }), "CONFLICT", "INVALID_STATE");
    await expectError(
      api.upload.complete.mutate({ uploadId, parts: [{ partNumber: 1, etag: '"x"' }] }),
      "CONFLICT",
      "INVALID_STATE",
    );
    // Aborting twice is fine.
    await expect(api.upload.abort.mutate({ uploadId })).resolves.toEqual({ uploadId, status: "aborted" });
  });

  it("parts beyond partCount are not signed, and a part of the wrong size is refused by S3", async () => {
    const { api } = await newUser();
    const body = pdfOfSize(20 * MiB);
    const { uploadId, partSize, partCount } = await initiateMultipart(api, body.length);
    expect(partCount).toBe(3);

    const { data } = await expectError(
      api.upload.signParts.mutate({ uploadId, partNumbers: [3, 4] }),
      "BAD_REQUEST",
      "VALIDATION",
    );
    expect(data.details).toMatchObject({ partCount: 3, outside: [4] });
    await expectError(api.upload.signParts.mutate({ uploadId, partNumbers: [0] }), "BAD_REQUEST", "VALIDATION");
    await expectError(api.upload.signParts.mutate({ uploadId, partNumbers: [1, 1] }), "BAD_REQUEST", "VALIDATION");

    const { parts } = await api.upload.signParts.mutate({ uploadId, partNumbers: [1, 3] });
    const [one, last] = parts as [(typeof parts)[0], (typeof parts)[0]];
    const put = (url: string, bytes: Buffer) => fetch(url, { method: "PUT", body: new Uint8Array(bytes) });
    // Short, long, and the last part's URL used for a full-size part: all refused.
    expect((await put(one.url, partOf(body, partSize, 1).subarray(1))).status).toBe(403);
    expect((await put(one.url, Buffer.concat([partOf(body, partSize, 1), pdf({ size: 1 })]))).status).toBe(403);
    expect((await put(last.url, partOf(body, partSize, 1))).status).toBe(403);
    expect((await api.upload.listParts.query({ uploadId })).parts).toEqual([]);

    expect((await put(one.url, partOf(body, partSize, 1))).status).toBe(200);
    expect((await api.upload.listParts.query({ uploadId })).parts).toMatchObject([
      { partNumber: 1, sizeBytes: 8 * MiB },
    ]);
  });
});
