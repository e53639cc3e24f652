// What processing concluded about one file: the shared shape every format's inspector
// (image, PDF, ePub) returns. Pure data, safe in the browser.

/** What was read from the file itself, as returned to clients under `processing.metadata`. */
export interface Metadata {
  pageCount?: number;
  width?: number;
  height?: number;
  title?: string;
  author?: string;
  language?: string;
  /** ISO 8601: the document's own date (a PDF's creation date, an ePub's dc:date). */
  documentDate?: string;
}

export type Inspection =
  | {
      result: "clean";
      /** `reencoded`: the bytes were rewritten (images); `checked`: parsed and found harmless (PDF, ePub). */
      disarm: "reencoded" | "checked";
      /** What re-encoding dropped, in words (e.g. "EXIF (GPS position)", "12 bytes after the end of the image"). */
      removed: string[];
      metadata: Metadata;
      /** The re-encoded file, which replaces the production object. Only with `reencoded`. */
      replacement?: Uint8Array;
      /** A PDF's text layer, line by line, when asked for (invoice fields); not recorded. */
      text?: string;
    }
  /** Cannot be parsed as its type, or a decompression/zip bomb. `detail` is for people and logs. */
  | { result: "malformed"; detail: string }
  /** Carries something that runs: each finding in words (e.g. "JavaScript (document)", "launch action"). */
  | { result: "active_content"; found: string[] };

/** The limits one file is processed under (from settings().processing). */
export interface Limits {
  /** Wall-clock limit for one file; past it the work is abandoned and the record retried. */
  timeoutMs: number;
  /** Heap limit (MiB) of the worker parsing a document: more is `malformed`. */
  memoryMb: number;
  /** Largest width × height decoded. */
  maxPixels: number;
  zip: { maxEntries: number; maxUncompressedBytes: number; maxRatio: number };
}

/**
 * A fault, not a verdict: the file may be fine but this attempt could not finish (a worker
 * past its time limit, S3 unavailable). The queue retries the record.
 */
export class ProcessFault extends Error {
  override name = "ProcessFault";
}
