// When to try a request again, and how long to wait first.
import { isTRPCClientError } from "@trpc/client";

export interface RetryPolicy {
  /** Tries after the first one. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Math.random unless a test fixes it. */
  random?: () => number;
}

export const defaultRetry: RetryPolicy = { retries: 5, baseDelayMs: 500, maxDelayMs: 20_000 };

/**
 * Exponential backoff with full jitter: a random wait in [0, base·2^attempt), capped, so
 * clients that failed together do not retry together.
 */
export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor((policy.random ?? Math.random)() * ceiling);
}

/** Storage answers worth another try: timeouts, throttling and server faults. Never 400 or 403. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** API calls: no answer at all, or a 5xx/429 answer; never a domain error. */
export function isRetryableApiError(error: unknown): boolean {
  if (!isTRPCClientError(error)) return false;
  const status = (error.data as { httpStatus?: number } | undefined)?.httpStatus;
  return status === undefined ? !(error.cause instanceof DOMException) : isRetryableStatus(status);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `call` until it succeeds, fails for good, or the retries run out. */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  isRetryable: (error: unknown) => boolean,
  signal?: AbortSignal,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (signal?.aborted || attempt >= policy.retries || !isRetryable(error)) throw error;
      await sleep(backoffMs(attempt, policy), signal);
    }
  }
}
