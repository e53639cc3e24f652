// What CloudFront's response headers policy adds to every file the files origin serves. The
// object's own Content-Disposition and Content-Type were set by the scanner when it copied
// the file to production.
export const securityHeaders = {
  "x-content-type-options": "nosniff",
  "content-security-policy": "sandbox; default-src 'none'",
  // The app and the files origin are one site (127.0.0.1, or subdomains of one domain on AWS).
  "cross-origin-resource-policy": "same-site",
  // A signed response is never kept: a saved copy would outlive the link.
  "cache-control": "private, no-store",
  "referrer-policy": "no-referrer",
} as const;

/** Always an attachment: a stored value that is not one is replaced. */
export function attachment(stored: string | undefined): string {
  return stored && /^attachment(;|$)/i.test(stored) ? stored : "attachment";
}
