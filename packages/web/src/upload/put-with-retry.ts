// A single PUT that survives the network: network errors and 5xx/429 are tried again with
// backoff and full jitter, and an expired URL is refreshed once (upload.refresh) and the
// same upload sent again: never a new initiate.
import { backoffMs, defaultRetry, isRetryableStatus, type RetryPolicy, sleep } from "./multipart/retry";
import { type PutOptions, PutError, type PutTarget, putFile } from "./put";

export interface PutWithRetryOptions extends PutOptions {
  /** A fresh URL for the same upload, after storage said the old one expired. */
  refresh: () => Promise<PutTarget>;
  retry?: RetryPolicy;
}

const isExpired = (error: PutError) => error.status === 403 && /Request has expired/i.test(error.message);
const isRetryable = (error: PutError) => error.status === 0 || isRetryableStatus(error.status);

export async function putWithRetry(file: Blob, target: PutTarget, options: PutWithRetryOptions) {
  const retry = options.retry ?? defaultRetry;
  let current = target;
  let refreshed = false;
  for (let attempt = 0; ; ) {
    try {
      return await putFile(file, current, options);
    } catch (error) {
      if (options.signal?.aborted || !(error instanceof PutError)) throw error;
      if (isExpired(error) && !refreshed) {
        refreshed = true;
        current = await options.refresh();
        continue;
      }
      if (!isRetryable(error) || attempt >= retry.retries) throw error;
      await sleep(backoffMs(attempt++, retry), options.signal);
    }
  }
}
