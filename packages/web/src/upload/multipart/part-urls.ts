// Presigned part URLs, asked for in batches and kept until shortly before they expire.
import type { MultipartApi } from "./api";
import { isRetryableApiError, type RetryPolicy, withRetry } from "./retry";

interface Signed {
  url: string;
  expiresAt: number;
}

/** A URL this close to its expiry is signed again rather than used. */
const marginMs = 30_000;

export class PartUrls {
  readonly #urls = new Map<number, Signed>();
  readonly #signing = new Map<number, Promise<void>>();

  constructor(
    private readonly api: MultipartApi,
    private readonly uploadId: string,
    private readonly partCount: number,
    private readonly retry: RetryPolicy,
    private readonly batchSize = 16,
  ) {}

  /** A URL for the part, signing it and the next few parts when none is fresh. */
  async forPart(partNumber: number): Promise<string> {
    const fresh = this.#fresh(partNumber);
    if (fresh) return fresh;
    await (this.#signing.get(partNumber) ?? this.#signFrom(partNumber));
    // Just signed: used even when the server's lifetime is shorter than the margin.
    const signed = this.#urls.get(partNumber);
    if (!signed) throw new Error(`The server signed no URL for part ${partNumber}`);
    return signed.url;
  }

  /** After S3 said "expired": upload.refresh signs every part S3 lacks; returns this part's URL. */
  async refreshed(partNumber: number): Promise<string> {
    const answer = await withRetry(
      () => this.api.upload.refresh.mutate({ uploadId: this.uploadId }),
      this.retry,
      isRetryableApiError,
    );
    if (!("parts" in answer)) throw new Error("The server refreshed a single-PUT URL for a multipart upload");
    this.#store(answer.parts, answer.expiresAt);
    const url = this.#urls.get(partNumber)?.url;
    if (!url) throw new Error(`The server has part ${partNumber} already and signed no new URL for it`);
    return url;
  }

  #fresh(partNumber: number): string | undefined {
    const signed = this.#urls.get(partNumber);
    return signed && signed.expiresAt - Date.now() > marginMs ? signed.url : undefined;
  }

  #signFrom(first: number): Promise<void> {
    const numbers: number[] = [];
    for (let n = first; n <= this.partCount && numbers.length < this.batchSize; n++) {
      if (!this.#fresh(n) && !this.#signing.has(n)) numbers.push(n);
    }
    const batch = withRetry(
      () => this.api.upload.signParts.mutate({ uploadId: this.uploadId, partNumbers: numbers }),
      this.retry,
      isRetryableApiError,
    )
      .then((answer) => this.#store(answer.parts, answer.expiresAt))
      .finally(() => {
        for (const n of numbers) this.#signing.delete(n);
      });
    for (const n of numbers) this.#signing.set(n, batch);
    return batch;
  }

  #store(parts: Array<{ partNumber: number; url: string }>, expiresAt: string) {
    const at = Date.parse(expiresAt);
    for (const part of parts) this.#urls.set(part.partNumber, { url: part.url, expiresAt: at });
  }
}
