import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { S3Fault } from "./errors";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SigV4Request {
  method: string;
  /** The path as received, still percent-encoded. */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface SigV4Result {
  presigned: boolean;
  signedHeaders: string[];
  /** x-amz-content-sha256 of a header-signed request; UNSIGNED-PAYLOAD for a presigned URL. */
  payloadHash: string;
}

interface VerifyOptions {
  credentials: Credentials;
  region: string;
  now?: Date;
}

type Request = Parameters<SignatureV4["presign"]>[0];

const MAX_SKEW_MS = 15 * 60_000;
const MAX_EXPIRES_S = 7 * 24 * 3600;
const UNSIGNED = "UNSIGNED-PAYLOAD";
const QUERY_AUTH = ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature"];
const QUERY_REQUIRED = [...QUERY_AUTH, "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders"];

/**
 * Recomputes the SigV4 signature of a request (presigned URL or Authorization header) with
 * AWS's own signer and throws an S3Fault unless it matches. S3's rules: presigned URLs always
 * sign UNSIGNED-PAYLOAD; header-signed requests sign the x-amz-content-sha256 header's value.
 */
export async function verifySigV4(req: SigV4Request, options: VerifyOptions): Promise<SigV4Result> {
  const auth = headerValue(req.headers, "authorization");
  const presigned = QUERY_AUTH.some((name) => req.query.has(name));
  if (auth !== undefined && presigned) {
    throw new S3Fault("InvalidArgument", "Only one auth mechanism allowed");
  }
  if (presigned) return verifyPresigned(req, options);
  if (auth !== undefined) return verifyHeader(req, auth, options);
  throw new S3Fault("AccessDenied", "Access Denied");
}

async function verifyPresigned(req: SigV4Request, options: VerifyOptions): Promise<SigV4Result> {
  const { query } = req;
  const now = options.now ?? new Date();
  const fail = (message: string) => new S3Fault("AuthorizationQueryParametersError", message);
  if (query.get("X-Amz-Algorithm") !== "AWS4-HMAC-SHA256") {
    throw fail('X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
  }
  const missing = QUERY_REQUIRED.filter((name) => !query.has(name));
  if (missing.length) throw fail(`Query-string authentication requires ${missing.join(", ")}`);

  const amzDate = query.get("X-Amz-Date")!;
  const signingDate = parseAmzDate(amzDate, fail);
  const accessKeyId = checkScope(query.get("X-Amz-Credential")!, amzDate, options, fail);
  const expiresIn = Number(query.get("X-Amz-Expires"));
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_S) {
    throw fail("X-Amz-Expires must be between 1 and 604800 seconds");
  }
  if (now.getTime() > signingDate.getTime() + expiresIn * 1000) {
    throw new S3Fault("AccessDenied", "Request has expired");
  }
  if (signingDate.getTime() - now.getTime() > MAX_SKEW_MS) {
    throw new S3Fault("AccessDenied", "Request is not valid yet");
  }
  const signedHeaders = query.get("X-Amz-SignedHeaders")!.split(";");
  if (!signedHeaders.includes("host")) throw fail("X-Amz-SignedHeaders must include host");

  const request = toSignable(req, signedHeaders);
  const unsignableHeaders = new Set<string>();
  if (!signedHeaders.includes("x-amz-content-sha256")) {
    // Only sets the payload hash for the signer; neither signed nor hoisted into the query.
    request.headers["x-amz-content-sha256"] = UNSIGNED;
    unsignableHeaders.add("x-amz-content-sha256");
  }
  const signed = await signer(accessKeyId, options).presign(request, {
    signingDate,
    expiresIn,
    signingRegion: options.region,
    signingService: "s3",
    signableHeaders: new Set(signedHeaders),
    unsignableHeaders,
    unhoistableHeaders: new Set([...signedHeaders, "x-amz-content-sha256"]),
  });
  assertSame(String(signed.query?.["X-Amz-Signature"]), query.get("X-Amz-Signature")!);
  return { presigned: true, signedHeaders, payloadHash: UNSIGNED };
}

async function verifyHeader(req: SigV4Request, auth: string, options: VerifyOptions): Promise<SigV4Result> {
  const now = options.now ?? new Date();
  const fail = (message: string) =>
    new S3Fault("AuthorizationHeaderMalformed", `The authorization header is malformed; ${message}`);
  const match = /^AWS4-HMAC-SHA256 (.+)$/.exec(auth);
  if (!match) throw new S3Fault("InvalidArgument", "Unsupported Authorization Type (only AWS4-HMAC-SHA256)");
  const parts = new Map(
    match[1]!.split(",").map((part) => {
      const [name = "", ...value] = part.trim().split("=");
      return [name, value.join("=")] as const;
    }),
  );
  const credential = parts.get("Credential");
  const signedHeaderList = parts.get("SignedHeaders");
  const provided = parts.get("Signature");
  if (!credential || !signedHeaderList || !provided) {
    throw fail("it requires Credential, SignedHeaders and Signature");
  }

  const amzDate = headerValue(req.headers, "x-amz-date");
  const denied = () => new S3Fault("AccessDenied", "AWS authentication requires a valid x-amz-date header");
  if (amzDate === undefined) throw denied();
  const signingDate = parseAmzDate(amzDate, denied);
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new S3Fault(
      "RequestTimeTooSkewed",
      "The difference between the request time and the current time is too large.",
    );
  }
  const accessKeyId = checkScope(credential, amzDate, options, fail);

  const payloadHash = headerValue(req.headers, "x-amz-content-sha256");
  if (payloadHash === undefined) {
    throw new S3Fault("InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
  }
  if (payloadHash.startsWith("STREAMING-")) {
    // s3rver would store the aws-chunked framing as object bytes: see s3ClientConfig.
    throw new S3Fault(
      "NotImplemented",
      `${payloadHash} bodies are not supported locally; use requestChecksumCalculation WHEN_REQUIRED`,
    );
  }
  if (payloadHash !== UNSIGNED && !/^[0-9a-f]{64}$/.test(payloadHash)) {
    throw new S3Fault("InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a SHA-256 hex digest");
  }
  const signedHeaders = signedHeaderList.split(";");
  if (!signedHeaders.includes("host")) throw fail("SignedHeaders must include host");

  const signed = await signer(accessKeyId, options).sign(toSignable(req, signedHeaders), {
    signingDate,
    signingRegion: options.region,
    signingService: "s3",
    signableHeaders: new Set(signedHeaders),
  });
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1] ?? "";
  assertSame(expected, provided);
  return { presigned: false, signedHeaders, payloadHash };
}

function signer(accessKeyId: string, { credentials, region }: VerifyOptions): SignatureV4 {
  if (accessKeyId !== credentials.accessKeyId) {
    throw new S3Fault("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  }
  return new SignatureV4({
    credentials,
    region,
    service: "s3",
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
}

/** `AKID/yyyymmdd/region/s3/aws4_request`: returns the access key id. */
function checkScope(
  credential: string,
  amzDate: string,
  { region }: VerifyOptions,
  fail: (m: string) => S3Fault,
): string {
  const [accessKeyId = "", date, scopeRegion, service, terminator, ...rest] = credential.split("/");
  if (rest.length || terminator !== "aws4_request" || service !== "s3") {
    throw fail("Error parsing the Credential: expected AKID/date/region/s3/aws4_request");
  }
  if (date !== amzDate.slice(0, 8)) throw fail("the credential date does not match X-Amz-Date");
  if (scopeRegion !== region) throw fail(`the region '${scopeRegion}' is wrong; expecting '${region}'`);
  return accessKeyId;
}

function parseAmzDate(value: string, fail: (m: string) => S3Fault): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw fail("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}

/** S3 decodes the path and query and encodes them again (RFC 3986) before signing. */
function toSignable(req: SigV4Request, signedHeaders: string[]): Request {
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headerValue(req.headers, name);
    if (value !== undefined) headers[name] = value;
  }
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of req.query) {
    if (name === "X-Amz-Signature") continue;
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return {
    method: req.method.toUpperCase(),
    protocol: "http:",
    hostname: (headers.host ?? "").replace(/:\d+$/, ""),
    path: canonicalPath(req.rawPath),
    query,
    headers,
  };
}

function canonicalPath(rawPath: string): string {
  try {
    return rawPath
      .split("/")
      .map((segment) => encodeRfc3986(decodeURIComponent(segment)))
      .join("/");
  } catch {
    throw new S3Fault("InvalidArgument", "The request path is not valid percent-encoding");
  }
}

export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function assertSame(expected: string, provided: string): void {
  const a = Buffer.from(expected);
  const b = Buffer.from(provided);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new S3Fault(
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    );
  }
}
