// The client engine (Uppy core + @uppy/aws-s3 driven by Intake's procedures) in Node, with an
// injected transport that counts every PUT and fails the ones a test asks it to.
import { Actor } from "@intake/core/actor";
import { Upload } from "@intake/core/upload";
import { describe, expect, it } from "vitest";
import { newUser } from "@intake/testing/api";
import { initiateMultipart, MiB, pdfOfSize, sha256, storedBytes } from "@intake/testing/multipart";
import type { MultipartApi } from "../../src/upload/multipart/api";
import type { MultipartUpload } from "../../src/upload/multipart/multipart-upload";
import { PartError } from "../../src/upload/multipart/multipart-upload";
import type { UploadProgress } from "../../src/upload/progress";
import type { KeyValueStorage } from "../../src/upload/multipart/resume-store";
import type { RetryPolicy } from "../../src/upload/multipart/retry";
import { findResumable, sendInParts } from "../../src/upload/multipart/send-in-parts";
import { fetchTransport, NetworkError, type PartResponse, type Transport } from "../../src/upload/multipart/transport";

// Only the "stale signer" below signs in this worker: with a one-second lifetime.
process.env.INTAKE_UPLOAD_URL_TTL_SECONDS = "1";

const quick: RetryPolicy = { retries: 4, baseDelayMs: 20, maxDelayMs: 200 };

function memoryStorage(): KeyValueStorage & { size(): number } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    size: () => items.size,
  };
}

const fileOf = (body: Buffer) =>
  new File([new Uint8Array(body)], "statement.pdf", { type: "application/pdf", lastModified: 1_700_000_000_000 });

type Fault = PartResponse | "network" | undefined;

/** fetch, recording every PUT; `fault(partNumber, attempt)` may answer instead of S3. */
function recording(fault: (partNumber: number, attempt: number) => Fault = () => undefined, after?: () => void) {
  const puts: Array<{ partNumber: number; status: number | "network" }> = [];
  const attempts = new Map<number, number>();
  let inFlight = 0;
  const transport: Transport = async (request) => {
    const partNumber = Number(new URL(request.url).searchParams.get("partNumber"));
    const attempt = (attempts.get(partNumber) ?? 0) + 1;
    attempts.set(partNumber, attempt);
    const injected = fault(partNumber, attempt);
    if (injected === "network") {
      puts.push({ partNumber, status: "network" });
      throw new NetworkError("injected: connection reset");
    }
    inFlight++;
    try {
      const response = injected ?? (await fetchTransport(request));
      puts.push({ partNumber, status: response.status });
      after?.();
      return response;
    } finally {
      inFlight--;
    }
  };
  const succeeded = () =>
    puts
      .filter((p) => p.status === 200)
      .map((p) => p.partNumber)
      .sort((a, b) => a - b);
  /** PUTs started and not yet answered or aborted. */
  const pending = () => inFlight;
  return { transport, puts, attempts, succeeded, pending };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("multipart engine", () => {
  it("sends a 100 MiB file in parallel parts; it reaches received and its bytes match", async () => {
    const { api, sub } = await newUser();
    const body = pdfOfSize(100 * MiB);
    const target = await initiateMultipart(api, body.length);
    expect(target).toMatchObject({ partSize: 8 * MiB, partCount: 13 });
    const net = recording();
    const progress: UploadProgress[] = [];
    const storage = memoryStorage();

    const result = await sendInParts(api, fileOf(body), "statement", target, {
      transport: net.transport,
      concurrency: 4,
      storage,
      onProgress: (p) => progress.push(p),
    });

    expect(["received", "scanning", "processing", "ready"]).toContain(result.status);
    expect(net.succeeded()).toEqual(range(1, 13));
    expect(net.puts).toHaveLength(13);
    expect(progress.at(-1)).toMatchObject({ loaded: body.length, total: body.length, percent: 100 });
    expect(progress.map((p) => p.loaded)).toEqual([...progress.map((p) => p.loaded)].sort((a, b) => a - b));
    expect((await api.upload.get.query({ uploadId: target.uploadId })).progress).toEqual({
      partsUploaded: 13,
      partCount: 13,
    });
    expect(sha256((await storedBytes(sub, target.uploadId))!)).toBe(sha256(body));
    expect(storage.size()).toBe(0);
  });

  it("retries a part after a network failure and after 503s, with backoff, and completes", async () => {
    const { api } = await newUser();
    const body = pdfOfSize(20 * MiB);
    const target = await initiateMultipart(api, body.length);
    const unavailable: PartResponse = { status: 503, text: "<Error><Code>SlowDown</Code></Error>" };
    const net = recording((part, attempt) => {
      if (part === 2 && attempt === 1) return "network";
      if (part === 3 && attempt <= 2) return unavailable;
      return undefined;
    });

    const result = await sendInParts(api, fileOf(body), "statement", target, {
      transport: net.transport,
      retry: quick,
    });
    expect(result.status).not.toBe("pending");
    expect(Object.fromEntries(net.attempts)).toEqual({ 1: 1, 2: 2, 3: 3 });
    expect(net.succeeded()).toEqual([1, 2, 3]);
  });

  it("does not retry a 400; the upload stays pending and a later try sends only what is missing", async () => {
    const { api } = await newUser();
    const body = pdfOfSize(20 * MiB);
    const target = await initiateMultipart(api, body.length);
    const storage = memoryStorage();
    const bad: PartResponse = { status: 400, text: "<Error><Code>InvalidRequest</Code></Error>" };
    const first = recording((part) => (part === 3 ? bad : undefined));

    const failed = sendInParts(api, fileOf(body), "statement", target, {
      transport: first.transport,
      retry: quick,
      storage,
      concurrency: 1,
    });
    await expect(failed).rejects.toBeInstanceOf(PartError);
    await expect(failed).rejects.toMatchObject({ partNumber: 3, status: 400, code: "InvalidRequest" });
    expect(first.attempts.get(3)).toBe(1);
    expect((await api.upload.get.query({ uploadId: target.uploadId })).status).toBe("pending");

    const resumable = await findResumable(api, fileOf(body), "statement", storage);
    expect(resumable).toEqual({ uploadId: target.uploadId, partSize: 8 * MiB, partCount: 3 });
    const second = recording();
    await sendInParts(api, fileOf(body), "statement", resumable!, { transport: second.transport, storage });
    expect(second.succeeded()).toEqual([3]);
  });

  it("refreshes an expired part URL once and carries on", async () => {
    const { api, sub } = await newUser();
    const body = pdfOfSize(20 * MiB);
    const target = await initiateMultipart(api, body.length);
    let refreshes = 0;
    // signParts as the API does it, but with URLs that live one second (see the TTL above).
    const staleSigner: MultipartApi = {
      upload: {
        signParts: {
          mutate: (input: { uploadId: string; partNumbers: number[] }) =>
            Actor.provide({ type: "user", properties: { userId: sub, isAdmin: false } }, () =>
              Upload.Multipart.signParts(input),
            ),
        },
        refresh: {
          mutate: (input: { uploadId: string }) => {
            refreshes++;
            return api.upload.refresh.mutate(input);
          },
        },
        listParts: api.upload.listParts,
        complete: api.upload.complete,
        abort: api.upload.abort,
      } as unknown as MultipartApi["upload"],
    };
    // Each stale URL is used only once it has expired; the refreshed ones at once.
    const puts: Array<{ partNumber: number; status: number }> = [];
    const transport: Transport = async (request) => {
      const url = new URL(request.url);
      if (url.searchParams.get("X-Amz-Expires") === "1") await new Promise((r) => setTimeout(r, 2100));
      const response = await fetchTransport(request);
      puts.push({ partNumber: Number(url.searchParams.get("partNumber")), status: response.status });
      return response;
    };

    const result = await sendInParts(staleSigner, fileOf(body), "statement", target, { transport, retry: quick });
    expect(result.status).not.toBe("pending");
    for (const part of [1, 2, 3]) {
      expect(puts.filter((p) => p.partNumber === part).map((p) => p.status)).toEqual([403, 200]);
    }
    expect(refreshes).toBeGreaterThanOrEqual(1);
    expect(refreshes).toBeLessThanOrEqual(3);
  });

  it("interrupted halfway, a new client after a reload sends only the parts S3 lacks", async () => {
    const { api, sub } = await newUser();
    const body = pdfOfSize(64 * MiB);
    const target = await initiateMultipart(api, body.length);
    expect(target.partCount).toBe(8);
    const storage = memoryStorage();

    let running: MultipartUpload | undefined;
    const before = recording(undefined, () => {
      if (before.succeeded().length >= 4) running?.pause();
    });
    // Four parts reach S3; later ones wait for the pause, which aborts them before they leave,
    // so no aborted PUT can still land in S3 after the test has asked what it holds.
    let admitted = 0;
    const fourThenWait: Transport = (request) =>
      ++admitted <= 4
        ? before.transport(request)
        : new Promise((_, reject) =>
            request.signal?.addEventListener("abort", () => reject(new DOMException("Upload paused", "AbortError")), {
              once: true,
            }),
          );
    void sendInParts(api, fileOf(body), "statement", target, {
      transport: fourThenWait,
      concurrency: 2,
      storage,
      onStarted: (upload) => (running = upload),
    }).catch(() => undefined);
    await expect.poll(() => running?.isPaused, { timeout: 20_000 }).toBe(true);

    // The page is gone; the user picks the same file again in a new page with a new engine.
    const held = (await api.upload.listParts.query({ uploadId: target.uploadId })).parts.map((p) => p.partNumber);
    expect(held.length).toBeGreaterThanOrEqual(4);
    expect(held.length).toBeLessThan(8);
    const resumable = await findResumable(api, fileOf(body), "statement", storage);
    expect(resumable?.uploadId).toBe(target.uploadId);
    const after = recording();
    await sendInParts(api, fileOf(body), "statement", resumable!, { transport: after.transport, storage });

    expect(after.puts).toHaveLength(8 - held.length);
    expect(after.succeeded()).toEqual(range(1, 8).filter((n) => !held.includes(n)));
    expect(sha256((await storedBytes(sub, target.uploadId))!)).toBe(sha256(body));
    expect(storage.size()).toBe(0);
  });

  it("pause stops sending; resume carries on without sending a part twice", async () => {
    const { api } = await newUser();
    const body = pdfOfSize(32 * MiB);
    const target = await initiateMultipart(api, body.length);
    let running: MultipartUpload | undefined;
    const net = recording(undefined, () => {
      if (net.succeeded().length === 1) running?.pause();
    });
    const done = sendInParts(api, fileOf(body), "statement", target, {
      transport: net.transport,
      concurrency: 1,
      onStarted: (upload) => (running = upload),
    });
    await expect.poll(() => running?.isPaused).toBe(true);
    await expect.poll(net.pending).toBe(0);
    const whilePaused = net.puts.length;
    await new Promise((r) => setTimeout(r, 500)); // a while paused, in which nothing may start
    expect(net.puts.length).toBe(whilePaused);

    running!.resume();
    await expect(done).resolves.toMatchObject({ uploadId: target.uploadId });
    expect(net.succeeded()).toEqual([1, 2, 3, 4]);
  });

  it("cancel aborts: S3 drops the parts, the upload is aborted, and the file is forgotten", async () => {
    const { api } = await newUser();
    const body = pdfOfSize(32 * MiB);
    const target = await initiateMultipart(api, body.length);
    const storage = memoryStorage();
    const controller = new AbortController();
    const net = recording(undefined, () => controller.abort());

    const done = sendInParts(api, fileOf(body), "statement", target, {
      transport: net.transport,
      storage,
      signal: controller.signal,
    });
    await expect(done).rejects.toMatchObject({ name: "AbortError" });
    await expect.poll(async () => (await api.upload.get.query({ uploadId: target.uploadId })).status).toBe("aborted");
    expect(storage.size()).toBe(0);
    expect(await findResumable(api, fileOf(body), "statement", storage)).toBeUndefined();
  });
});
