// What a scan concluded about a file. Pure data, safe in the browser.

export const verdicts = ["clean", "infected", "forbidden_type", "type_mismatch", "unscannable"] as const;
export type Verdict = (typeof verdicts)[number];

/** The upload's statusReason for each verdict that quarantines. */
export const quarantineReasons = {
  infected: "VIRUS_DETECTED",
  forbidden_type: "FORBIDDEN_TYPE",
  type_mismatch: "TYPE_MISMATCH",
  unscannable: "UNSCANNABLE",
} as const satisfies Record<Exclude<Verdict, "clean">, string>;

/**
 * clamd's names for what it could not fully inspect, with AlertEncrypted* and AlertExceedsMax on
 * (clamd-config.ts; Heuristics.Broken.* only if AlertBrokenExecutables is turned on). Seen from
 * clamd 1.4.6 over INSTREAM:
 *   stream: Heuristics.Encrypted.Zip FOUND                  a ZipCrypto entry, EICAR inside or not
 *   stream: Heuristics.Encrypted.PDF FOUND                  a PDF encrypted with a user password
 *   stream: Heuristics.Limits.Exceeded.MaxFileSize FOUND    a file, or a stored entry, over MaxFileSize
 *   stream: Heuristics.Limits.Exceeded.MaxScanSize FOUND    archive entries together over MaxScanSize
 *   stream: Heuristics.Limits.Exceeded.MaxRecursion FOUND   archives nested 17 deep
 *   stream: Heuristics.Limits.Exceeded.MaxFiles FOUND       an archive of more than 10,000 entries
 * A real signature elsewhere in the file is reported instead (clamd prefers it to a heuristic).
 */
const unscannablePrefixes = ["Heuristics.Encrypted.", "Heuristics.Limits.Exceeded.", "Heuristics.Broken."];

/** True for a name that says clamd could not look, rather than that it found something. */
export function isUnscannable(signature: string): boolean {
  return unscannablePrefixes.some((prefix) => signature.startsWith(prefix));
}

/** Why an upload ended `failed`: the queue gave up on it. */
export const scanFailedReason = "SCAN_FAILED";

export interface Outcome {
  verdict: Verdict;
  /** The real type read from the first bytes. */
  detectedType: string;
  /** Names clamd reported, for `infected` and `unscannable`. */
  signatures: string[];
  /** The ETag of the bytes that were checked: only that version may leave staging. */
  etag: string;
}
