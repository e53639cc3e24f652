// What one HTTP request to the API may carry. Pure, so the SPA's client keeps to the same.
export * as ApiLimits from "./api-limits";

/** Calls in one tRPC batch; a larger batch is refused whole (the SPA's batch link splits at it). */
export const maxBatchSize = 10;

/** API Gateway's payload limit for HTTP APIs (10 MB); the local server refuses larger bodies too. */
export const maxBodyBytes = 10 * 1024 * 1024;
