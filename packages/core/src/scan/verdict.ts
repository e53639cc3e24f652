// What a scan concluded about a file. Pure data, safe in the browser.

export const verdicts = ["clean", "infected", "forbidden_type", "type_mismatch"] as const;
export type Verdict = (typeof verdicts)[number];

/** The upload's statusReason for each verdict that quarantines. */
export const quarantineReasons = {
  infected: "VIRUS_DETECTED",
  forbidden_type: "FORBIDDEN_TYPE",
  type_mismatch: "TYPE_MISMATCH",
} as const satisfies Record<Exclude<Verdict, "clean">, string>;

/** Why an upload ended `failed`: the queue gave up on it. */
export const scanFailedReason = "SCAN_FAILED";

export interface Outcome {
  verdict: Verdict;
  /** The real type read from the first bytes. */
  detectedType: string;
  /** Names clamd reported, for `infected`. */
  signatures: string[];
  /** The ETag of the bytes that were checked: only that version may leave staging. */
  etag: string;
}
