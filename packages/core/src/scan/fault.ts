/**
 * Something the scanner could not do (clamd down or silent, S3 failing, the object gone
 * before its verdict was recorded). The record fails and the queue retries it; a fault never
 * becomes a verdict.
 */
export class ScanFault extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ScanFault";
  }
}
