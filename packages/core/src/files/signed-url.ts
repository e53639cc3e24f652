// Download URLs on the files origin, signed as CloudFront checks them (canned policy, the
// key group's key pair). The response's Content-Disposition and Content-Type are the object's
// own, set when the scanner copied it to production: a signed URL cannot carry headers.
import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { settings } from "../settings";
import { privateKey } from "./signing-key";

export interface SignedFileUrl {
  url: string;
  expiresAt: string;
}

/** A URL for the production object `key` (`files/…`), valid for `seconds` from `now`. */
export async function signedFileUrl(key: string, seconds: number, now = Date.now()): Promise<SignedFileUrl> {
  const files = settings().files;
  if (!files) throw new Error("Intake is misconfigured: no files origin (INTAKE_FILES_* settings)");
  const expires = Math.floor(now / 1000) + seconds;
  const url = getSignedUrl({
    url: `${files.origin}/${key}`,
    keyPairId: files.keyPairId,
    privateKey: await privateKey(files.privateKeyParameter),
    dateLessThan: expires * 1000,
  });
  return { url, expiresAt: new Date(expires * 1000).toISOString() };
}

/** The signer itself, for tools and tests that must sign exactly as the API does. */
export { getSignedUrl as signUrl } from "@aws-sdk/cloudfront-signer";
