// Checks a signed URL as CloudFront does: the key pair must be in the key group, the signature
// (RSA-SHA1, or SHA-256 when the URL says so) must be over the policy — the canned one rebuilt
// from the URL and `Expires`, or the custom one carried in `Policy` — and the policy must allow
// this request now. The resource is the URL without CloudFront's own parameters.
import { verify, type KeyObject } from "node:crypto";
import { decode } from "./base64";
import { cannedPolicy, parsePolicy, refusal } from "./policy";

const signingParameters = new Set(["Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"]);

export interface SignedRequest {
  /** The origin the request arrived at, e.g. http://127.0.0.1:3001 (CloudFront's viewer-facing domain). */
  origin: string;
  /** The request target as sent: raw path and query. */
  target: string;
  ip: string;
  nowSeconds: number;
}

export type Verdict = { ok: true; path: string } | { ok: false; reason: string };

/** `keyGroup`: the public keys a URL may be signed for, by key pair id. */
export function verifySignedUrl(request: SignedRequest, keyGroup: ReadonlyMap<string, KeyObject>): Verdict {
  const queryAt = request.target.indexOf("?");
  const path = queryAt === -1 ? request.target : request.target.slice(0, queryAt);
  const pairs = queryAt === -1 ? [] : request.target.slice(queryAt + 1).split("&");
  const signing = new Map<string, string>();
  const kept: string[] = [];
  for (const pair of pairs) {
    const name = safeDecode(pair.split("=", 1)[0] ?? "");
    if (name === undefined || !signingParameters.has(name)) {
      kept.push(pair);
      continue;
    }
    if (signing.has(name)) return refuse(`${name} given twice`);
    const value = safeDecode(pair.slice(pair.indexOf("=") + 1));
    if (value === undefined || !pair.includes("=")) return refuse(`${name} is not a value`);
    signing.set(name, value);
  }
  const resource = `${request.origin}${path}${kept.length ? `?${kept.join("&")}` : ""}`;

  const keyPairId = signing.get("Key-Pair-Id");
  const signatureText = signing.get("Signature");
  if (!keyPairId || !signatureText) return refuse("missing Key-Pair-Id or Signature");
  const key = keyGroup.get(keyPairId);
  if (!key) return refuse("key pair is not in the key group");
  const hash = signing.get("Hash-Algorithm") ?? "SHA1";
  if (hash !== "SHA1" && hash !== "SHA256") return refuse("unknown Hash-Algorithm");
  const signature = decode(signatureText);
  if (!signature) return refuse("signature is not CloudFront base64");

  const expires = signing.get("Expires");
  const policyText = signing.get("Policy");
  let signed: string;
  if (expires !== undefined && policyText === undefined) {
    if (!/^\d{1,12}$/.test(expires)) return refuse("Expires is not a time");
    signed = cannedPolicy(resource, Number(expires));
  } else if (policyText !== undefined && expires === undefined) {
    const bytes = decode(policyText);
    if (!bytes) return refuse("policy is not CloudFront base64");
    signed = bytes.toString("utf8");
  } else {
    return refuse("exactly one of Expires and Policy is needed");
  }
  if (!verify(hash === "SHA256" ? "RSA-SHA256" : "RSA-SHA1", Buffer.from(signed, "utf8"), key, signature)) {
    return refuse("signature does not match");
  }
  const policy = parsePolicy(signed);
  if (!policy) return refuse("policy is not a CloudFront policy");
  const why = refusal(policy, { url: resource, nowSeconds: request.nowSeconds, ip: request.ip });
  return why ? refuse(why) : { ok: true, path };
}

const refuse = (reason: string): Verdict => ({ ok: false, reason });

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}
