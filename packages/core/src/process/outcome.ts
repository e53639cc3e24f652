// What processing concluded, as stored on the upload. Pure data, safe in the browser.

export const processingOutcomes = ["clean", "malformed", "active_content"] as const;
export type ProcessingOutcome = (typeof processingOutcomes)[number];

/** The upload's statusReason for each outcome that quarantines. */
export const processingQuarantineReasons = {
  malformed: "MALFORMED",
  active_content: "ACTIVE_CONTENT",
} as const satisfies Record<Exclude<ProcessingOutcome, "clean">, string>;

/** Why an upload ended `failed` in processing: the queue gave up on it. */
export const processingFailedReason = "PROCESSING_FAILED";
