// The app origin's security headers in local mode (the static site's response headers policy
// sends the same on AWS), and the only Host names it answers to.
import { randomBytes } from "node:crypto";

/** What Vite writes as every script's nonce in local mode; each response swaps in its own. */
export const noncePlaceholder = "intake-csp-nonce-00000000"; // as long as a fresh nonce

export function freshNonce(): string {
  // Exactly as long as the placeholder, so the Content-Length Vite set stays right.
  return randomBytes(noncePlaceholder.length).toString("base64url").slice(0, noncePlaceholder.length);
}

/**
 * Scripts only from the origin or with this response's nonce (Vite's inline module preamble
 * carries it); styles may be inline, because Vite's dev client injects CSS as <style> elements;
 * the HMR socket, S3 (uploads) and the files origin (downloads, previews) are the only other
 * connections; files are framed or shown only from the files origin or as the page's own blobs;
 * nothing may frame the app.
 */
export function securityHeaders(options: {
  appPort: number;
  nonce: string;
  s3Origin?: string;
  /** Where downloads and previews come from (the port after the app's, or a free one in tests). */
  filesOrigin?: string;
}): Record<string, string> {
  const files = options.filesOrigin ?? "";
  const sockets = [`ws://127.0.0.1:${options.appPort}`, `ws://localhost:${options.appPort}`];
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${files}`,
    `frame-src blob: ${files}`,
    `connect-src 'self' blob: ${[...sockets, files, options.s3Origin].filter(Boolean).join(" ")}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
  };
}

/** 127.0.0.1 or localhost on the app's port: any other name reaching it is a rebound DNS name. */
export function isLocalHost(host: string | undefined, appPort: number): boolean {
  return host === `127.0.0.1:${appPort}` || host === `localhost:${appPort}`;
}
