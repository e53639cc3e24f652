// The local files origin's check of signed URLs, against URLs made by CloudFront's own signer
// (@aws-sdk/cloudfront-signer, which the API uses): canned and custom policies, wildcards,
// time windows, source addresses, and CloudFront's URL-safe base64.
import { signUrl } from "@intake/core/files/signed-url";
import { describe, expect, it } from "vitest";
import { decode, encode } from "@intake/local/files-origin/base64";
import { newKeyPair } from "@intake/local/files-origin/key-pair";
import { resourceMatches } from "@intake/local/files-origin/policy";
import { verifySignedUrl } from "@intake/local/files-origin/verify";

const origin = "http://127.0.0.1:3001";
const file = `${origin}/files/alice/upl_1.pdf`;
const pair = newKeyPair();
const keyGroup = new Map([[pair.keyPairId, pair.publicKey]]);
const now = 1_900_000_000;
const signer = { keyPairId: pair.keyPairId, privateKey: pair.privateKeyPem };

function check(url: string, at = now, ip = "127.0.0.1", group: ReadonlyMap<string, typeof pair.publicKey> = keyGroup) {
  const parsed = new URL(url);
  return verifySignedUrl({ origin: parsed.origin, target: url.slice(parsed.origin.length), ip, nowSeconds: at }, group);
}
const reason = (url: string, at?: number, ip?: string) => {
  const verdict = check(url, at, ip);
  return verdict.ok ? "allowed" : verdict.reason;
};
const canned = (url = file, expires = now + 300) => signUrl({ ...signer, url, dateLessThan: expires * 1000 });
const custom = (policy: object, url = file) => signUrl({ ...signer, url, policy: JSON.stringify(policy) });
const statement = (Resource: string, Condition: object) => ({ Statement: [{ Resource, Condition }] });

describe("canned policy", () => {
  it("a URL from CloudFront's signer is allowed until its expiry, and no longer", () => {
    const url = canned();
    expect(new URL(url).searchParams.get("Expires")).toBe(String(now + 300));
    expect(check(url)).toEqual({ ok: true, path: "/files/alice/upl_1.pdf" });
    expect(reason(url, now + 299)).toBe("allowed");
    expect(reason(url, now + 300)).toBe("expired");
  });

  it("the resource is the whole URL: other query parameters are signed too", () => {
    const url = canned(`${file}?v=1`);
    expect(reason(url)).toBe("allowed");
    expect(reason(url.replace("v=1", "v=2"))).toBe("signature does not match");
    expect(reason(url.replace("upl_1", "upl_2"))).toBe("signature does not match");
    expect(reason(url.replace("127.0.0.1:3001", "127.0.0.1:3000"))).toBe("signature does not match");
  });

  it("a changed signature, a moved expiry or another key is refused", () => {
    const url = canned();
    const signature = new URL(url).searchParams.get("Signature")!;
    const middle = signature.length >> 1;
    const flipped = signature.slice(0, middle) + (signature[middle] === "A" ? "B" : "A") + signature.slice(middle + 1);
    expect(reason(url.replace(signature, flipped))).toBe("signature does not match");
    expect(reason(url.replace(`Expires=${now + 300}`, `Expires=${now + 3000}`))).toBe("signature does not match");

    const other = newKeyPair();
    const forged = signUrl({
      keyPairId: pair.keyPairId,
      privateKey: other.privateKeyPem,
      url: file,
      dateLessThan: (now + 300) * 1000,
    });
    expect(reason(forged)).toBe("signature does not match");
    const unknown = signUrl({
      keyPairId: other.keyPairId,
      privateKey: other.privateKeyPem,
      url: file,
      dateLessThan: (now + 300) * 1000,
    });
    expect(reason(unknown)).toBe("key pair is not in the key group");
  });

  it("missing, repeated or conflicting parameters are refused", () => {
    const url = canned();
    expect(reason(file)).toBe("missing Key-Pair-Id or Signature");
    expect(reason(url.replace(/&Signature=[^&]*/, ""))).toBe("missing Key-Pair-Id or Signature");
    expect(reason(url.replace(/Expires=\d+&/, ""))).toBe("exactly one of Expires and Policy is needed");
    expect(reason(`${url}&Expires=${now + 300}`)).toBe("Expires given twice");
    expect(reason(url.replace(/Expires=\d+/, "Expires=soon"))).toBe("Expires is not a time");
  });

  it("SHA-256 signatures are checked with SHA-256", () => {
    const url = signUrl({ ...signer, algorithm: "SHA256", url: file, dateLessThan: (now + 60) * 1000 });
    expect(new URL(url).searchParams.get("Hash-Algorithm")).toBe("SHA256");
    expect(reason(url)).toBe("allowed");
    expect(reason(url.replace("Hash-Algorithm=SHA256", "Hash-Algorithm=SHA1"))).toBe("signature does not match");
    expect(reason(url.replace("Hash-Algorithm=SHA256", "Hash-Algorithm=MD5"))).toBe("unknown Hash-Algorithm");
  });
});

describe("custom policy", () => {
  it("a wildcard resource allows what it matches and nothing else", () => {
    const policy = statement(`${origin}/files/alice/*`, { DateLessThan: { "AWS:EpochTime": now + 60 } });
    expect(reason(custom(policy))).toBe("allowed");
    expect(reason(custom(policy, `${origin}/files/alice/upl_2.png`))).toBe("allowed");
    expect(reason(custom(policy, `${origin}/files/bob/upl_3.pdf`))).toBe("resource does not match");
    expect(reason(custom(policy), now + 60)).toBe("expired");
  });

  it("`*` is any run of characters and `?` exactly one; everything else is literal", () => {
    expect(resourceMatches("http*://127.0.0.1:3001/files/*", file)).toBe(true);
    expect(resourceMatches("http://127.0.0.1:3001/files/alice/upl_?.pdf", file)).toBe(true);
    expect(resourceMatches("http://127.0.0.1:3001/files/alice/upl_?.pdf", `${origin}/files/alice/upl_12.pdf`)).toBe(
      false,
    );
    expect(resourceMatches("http://127.0.0.1:3001/files/alice/upl_1.pdf", `${origin}/files/alice/upl_1Xpdf`)).toBe(
      false,
    );
    expect(resourceMatches(file, `${file}?x=1`)).toBe(false);
  });

  it("DateGreaterThan opens the window; IpAddress limits who may use it", () => {
    const later = statement(file, {
      DateLessThan: { "AWS:EpochTime": now + 600 },
      DateGreaterThan: { "AWS:EpochTime": now + 60 },
    });
    expect(reason(custom(later))).toBe("not valid yet");
    expect(reason(custom(later), now + 60)).toBe("allowed");

    const fromLoopback = signUrl({ ...signer, url: file, dateLessThan: (now + 60) * 1000, ipAddress: "127.0.0.0/8" });
    expect(new URL(fromLoopback).searchParams.has("Policy")).toBe(true);
    expect(reason(fromLoopback, now, "127.0.0.1")).toBe("allowed");
    expect(reason(fromLoopback, now, "::ffff:127.0.0.9")).toBe("allowed");
    expect(reason(fromLoopback, now, "10.0.0.1")).toBe("source address");
  });

  it("a policy re-encoded with a later expiry no longer matches its signature", () => {
    const url = custom(statement(file, { DateLessThan: { "AWS:EpochTime": now + 60 } }));
    const policy = new URL(url).searchParams.get("Policy")!;
    const extended = encode(
      Buffer.from(
        decode(policy)!
          .toString("utf8")
          .replace(String(now + 60), String(now + 6000)),
      ),
    );
    expect(reason(url.replace(policy, extended))).toBe("signature does not match");
  });

  it("a signed policy CloudFront would not read is refused", () => {
    expect(reason(custom({ Statement: [] }))).toBe("policy is not a CloudFront policy");
    expect(reason(custom(statement(file, { DateLessThan: { "AWS:EpochTime": now + 60 }, Other: {} })))).toBe(
      "policy is not a CloudFront policy",
    );
  });
});

describe("CloudFront's URL-safe base64", () => {
  it("uses - _ ~ for + = / and decodes only its own canonical form", () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x00]);
    expect(bytes.toString("base64")).toBe("+/+/AA==");
    expect(encode(bytes)).toBe("-~-~AA__");
    expect(decode("-~-~AA__")).toEqual(bytes);
    expect(decode("+/+/AA==")).toBeUndefined();
    expect(decode("-~-~AA")).toBeUndefined();
    expect(decode("-~-~AB__")).toBeUndefined(); // stray bits a lenient decoder would drop
  });

  it("a signature in standard base64 is refused", () => {
    const url = canned();
    const signature = new URL(url).searchParams.get("Signature")!;
    const standard = signature.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/");
    expect(standard).not.toBe(signature);
    expect(reason(url.replace(signature, encodeURIComponent(standard)))).toBe("signature is not CloudFront base64");
  });
});
