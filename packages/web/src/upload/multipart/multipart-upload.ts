// One multipart upload, driven by Uppy (@uppy/core with @uppy/aws-s3): Uppy cuts the file
// into the server's parts, sends a few at a time, pauses and resumes, and on resume skips
// the parts ListParts reports. Intake's procedures sign and complete; what is retried, and
// when an expired URL is refreshed, is decided here.
import AwsS3, { type AwsS3Part } from "@uppy/aws-s3";
import Uppy from "@uppy/core";
import type { MultipartApi, MultipartTarget } from "./api";
import { PartUrls } from "./part-urls";
import { ProgressMeter, type UploadProgress } from "../progress";
import {
  backoffMs,
  defaultRetry,
  isRetryableApiError,
  isRetryableStatus,
  type RetryPolicy,
  sleep,
  withRetry,
} from "./retry";
import { defaultTransport, NetworkError, type PartResponse, type Transport } from "./transport";

export interface MultipartOptions {
  /** How part bytes travel; XHR in the browser by default. */
  transport?: Transport;
  /** Parts in flight at once (default 4). */
  concurrency?: number;
  retry?: RetryPolicy;
  onProgress?: (progress: UploadProgress) => void;
  /** Paused, and the parts that were in flight when it paused have all arrived. */
  onPauseSettled?: () => void;
}

export interface MultipartResult {
  uploadId: string;
  status: string;
}

/** Storage refused a part for good (or kept failing until the retries ran out). */
export class PartError extends Error {
  constructor(
    message: string,
    readonly partNumber: number,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "PartError";
  }
}

type PartBytes = {
  signature: { url: string };
  body: FormData | Blob;
  onProgress: (event: { loaded: number; lengthComputable: boolean }) => void;
  onComplete: (etag: string) => void;
  signal?: AbortSignal;
};

const isExpired = (response: PartResponse) => response.status === 403 && /Request has expired/i.test(response.text);
const s3Code = (text: string) => /<Code>([^<]*)<\/Code>/.exec(text)?.[1];

export class MultipartUpload {
  /** Settles once: the upload's status after complete, or why it stopped (AbortError on cancel). */
  readonly done: Promise<MultipartResult>;
  #paused = false;
  #cancelled = false;
  /** Parts whose bytes are on their way: a pause lets them arrive rather than throw them away. */
  #inFlight = 0;
  #loaded = 0;
  #resumed?: { promise: Promise<void>; resolve: () => void };
  readonly #uppy: Uppy;
  readonly #fileId: string;
  readonly #urls: PartUrls;
  readonly #meter: ProgressMeter;
  readonly #transport: Transport;
  readonly #retry: RetryPolicy;

  constructor(
    private readonly api: MultipartApi,
    file: Blob & { name?: string },
    private readonly target: MultipartTarget,
    private readonly options: MultipartOptions = {},
  ) {
    this.#transport = options.transport ?? defaultTransport;
    this.#retry = options.retry ?? defaultRetry;
    this.#urls = new PartUrls(api, target.uploadId, target.partCount, this.#retry);
    this.#meter = new ProgressMeter(file.size);
    let result: MultipartResult | undefined;

    this.#uppy = new Uppy({ autoProceed: false });
    this.#uppy.use(AwsS3, {
      shouldUseMultipart: true,
      limit: options.concurrency ?? 4,
      // Uppy's own retries would also retry 400s and wait without jitter: sendPart retries instead.
      retryDelays: [],
      getChunkSize: () => target.partSize,
      createMultipartUpload: async () => ({ uploadId: target.uploadId, key: target.uploadId }),
      signPart: async (_file, { partNumber }) => ({
        method: "PUT" as const,
        url: await this.#urls.forPart(partNumber),
      }),
      listParts: async () => this.#listParts(),
      completeMultipartUpload: async (_file, { parts }) => {
        result = await withRetry(
          () =>
            api.upload.complete.mutate({
              uploadId: target.uploadId,
              parts: parts.map((part) => ({ partNumber: part.PartNumber!, etag: part.ETag! })),
            }),
          this.#retry,
          isRetryableApiError,
        );
        return {};
      },
      // Uppy calls this after any failed part; the upload stays resumable until cancel() says otherwise.
      abortMultipartUpload: async () => {},
      uploadPartBytes: ((request: PartBytes) => this.#sendPart(request)) as never,
    });

    this.#fileId = this.#uppy.addFile({ name: file.name ?? "file", type: file.type, data: file, source: "intake" });
    // Always Uppy's "restore" path: ListParts first, then only the parts S3 lacks. A fresh
    // upload lists nothing and sends everything; a resumed one skips what arrived before.
    this.#uppy.setFileState(this.#fileId, {
      s3Multipart: { uploadId: target.uploadId, key: target.uploadId },
    } as never);

    this.done = new Promise<MultipartResult>((resolve, reject) => {
      this.#uppy.on("upload-progress", (_file, progress) => {
        // A part sent again after a network error starts from 0: the bar never goes back.
        if (progress.bytesUploaded <= this.#loaded) return;
        this.#loaded = progress.bytesUploaded;
        options.onProgress?.(this.#meter.update(this.#loaded));
      });
      this.#uppy.on("upload-success", () => {
        options.onProgress?.(this.#meter.update(file.size));
        resolve(result ?? { uploadId: target.uploadId, status: "received" });
      });
      this.#uppy.on("upload-error", (_file, error) => reject(error));
      this.#uppy.on("file-removed", () => {
        if (this.#cancelled) reject(new DOMException("Upload cancelled", "AbortError"));
      });
      this.#uppy.upload().catch(reject);
    }).finally(() => this.#uppy.destroy());
  }

  get isPaused(): boolean {
    return this.#paused;
  }

  /** Parts PUT right now (a pause waits for them to arrive). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /**
   * Starts no new part; the parts in flight finish, so no byte already sent is sent twice
   * (Uppy's own pause aborts them, losing up to `concurrency` parts).
   */
  pause(): void {
    if (this.#paused || this.#cancelled) return;
    this.#paused = true;
    let resolve = () => {};
    this.#resumed = { promise: new Promise<void>((r) => (resolve = r)), resolve: () => resolve() };
    if (this.#inFlight === 0) this.options.onPauseSettled?.();
  }

  /** Carries on with the parts not sent yet; speed and time left are measured afresh. */
  resume(): void {
    if (!this.#paused || this.#cancelled) return;
    this.#paused = false;
    this.options.onProgress?.(this.#meter.restart(this.#loaded));
    this.#resumed?.resolve();
    this.#resumed = undefined;
  }

  /** Stops for good: S3 drops the parts and the upload is marked aborted. */
  async cancel(): Promise<void> {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#uppy.removeFile(this.#fileId);
    await withRetry(
      () => this.api.upload.abort.mutate({ uploadId: this.target.uploadId }),
      this.#retry,
      isRetryableApiError,
    );
  }

  /** Resolves at once while running; while paused, on resume (or rejects when `signal` aborts). */
  #whileRunning(signal?: AbortSignal): Promise<void> {
    const resumed = this.#resumed?.promise;
    if (!resumed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => reject(signal!.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      void resumed.then(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
    });
  }

  #partLeft() {
    this.#inFlight--;
    if (this.#paused && this.#inFlight === 0) this.options.onPauseSettled?.();
  }

  async #listParts(): Promise<AwsS3Part[]> {
    const { parts } = await withRetry(
      () => this.api.upload.listParts.query({ uploadId: this.target.uploadId }),
      this.#retry,
      isRetryableApiError,
    );
    const planned = (n: number) => (n < this.target.partCount ? this.target.partSize : undefined);
    // A part of the wrong size (left by an older plan) is sent again rather than skipped.
    const usable = parts.filter(
      (p) => p.partNumber <= this.target.partCount && (planned(p.partNumber) ?? p.sizeBytes) === p.sizeBytes,
    );
    this.#loaded = usable.reduce((sum, p) => sum + p.sizeBytes, 0);
    this.options.onProgress?.(this.#meter.restart(this.#loaded));
    return usable.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag, Size: p.sizeBytes }));
  }

  /**
   * PUTs one part: network errors and 5xx/429 are retried with backoff and jitter, an
   * expired URL is refreshed once, anything else (400, another 403) fails the part.
   */
  async #sendPart({ signature, body, onProgress, onComplete, signal }: PartBytes) {
    const blob = body as Blob;
    const partNumber = Number(new URL(signature.url).searchParams.get("partNumber"));
    let url = signature.url;
    let refreshed = false;
    for (let attempt = 0; ; ) {
      await this.#whileRunning(signal);
      let response: PartResponse;
      this.#inFlight++;
      try {
        response = await this.#transport({
          url,
          body: blob,
          signal,
          onProgress: (loaded) => onProgress({ loaded, lengthComputable: true }),
        });
      } catch (error) {
        if (signal?.aborted || !(error instanceof NetworkError)) throw error;
        if (attempt >= this.#retry.retries) throw new PartError(`Part ${partNumber}: ${error.message}`, partNumber, 0);
        await sleep(backoffMs(attempt++, this.#retry), signal);
        continue;
      } finally {
        this.#partLeft();
      }
      if (response.status >= 200 && response.status < 300) {
        if (!response.etag)
          throw new PartError(
            "Storage sent no ETag: is it exposed by the bucket's CORS rules?",
            partNumber,
            response.status,
          );
        onProgress({ loaded: blob.size, lengthComputable: true });
        onComplete(response.etag);
        return { ETag: response.etag };
      }
      if (isExpired(response) && !refreshed) {
        refreshed = true;
        url = await this.#urls.refreshed(partNumber);
        continue;
      }
      if (isRetryableStatus(response.status) && attempt < this.#retry.retries) {
        await sleep(backoffMs(attempt++, this.#retry), signal);
        continue;
      }
      const code = s3Code(response.text);
      throw new PartError(
        `Storage refused part ${partNumber} (HTTP ${response.status}${code ? `, ${code}` : ""})`,
        partNumber,
        response.status,
        code,
      );
    }
  }
}
