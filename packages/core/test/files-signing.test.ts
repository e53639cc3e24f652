// The files origin's private key as the API reads it: once per container from the AWS
// Parameters and Secrets extension's HTTP endpoint (a loopback server here that answers as
// the extension does), retried after a failure, and signed URLs made with it.
import { signedFileUrl } from "@intake/core/files/signed-url";
import { extensionPort, privateKey, provideKey } from "@intake/core/files/signing-key";
import { environment, parseSettings, provideSettings } from "@intake/core/settings";
import { generateKeyPairSync, verify } from "node:crypto";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const { privateKey: key, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = key.export({ type: "pkcs8", format: "pem" }).toString();

const env: Record<string, string | undefined> = {
  ...environment({
    table: "t",
    buckets: { staging: "s", production: "p", quarantine: "q" },
    jwt: { issuer: "http://127.0.0.1:2", jwksUrl: "http://127.0.0.1:2/.well-known/jwks.json" },
    files: {
      origin: "https://files.example.com/",
      keyPairId: "KTESTKEY",
      privateKeyParameter: "/intake/test/files-key",
    },
  }),
  AWS_ACCESS_KEY_ID: "AKIA",
  AWS_SECRET_ACCESS_KEY: "secret",
  AWS_SESSION_TOKEN: "session-token",
};
const onLambda = parseSettings(env);

const asked: { name: string | null; token: string | undefined }[] = [];
let failNext = false;
const extension = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  asked.push({ name: url.searchParams.get("name"), token: req.headers["x-aws-parameters-secrets-token"] as string });
  if (
    failNext ||
    url.pathname !== "/systemsmanager/parameters/get" ||
    url.searchParams.get("withDecryption") !== "true"
  ) {
    failNext = false;
    res.writeHead(500).end();
    return;
  }
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ Parameter: { Name: url.searchParams.get("name"), Type: "SecureString", Value: pem } }));
});
beforeAll(() => new Promise<void>((done) => extension.listen(extensionPort, "localhost", done)));
afterAll(() => new Promise<void>((done) => extension.close(() => done())));

describe("the files origin's private key", () => {
  it("is read from SSM once per container, with the function's session token, decrypted", async () => {
    const reads = await provideSettings(onLambda, () =>
      Promise.all([privateKey("/intake/test/files-key"), privateKey("/intake/test/files-key")]),
    );
    expect(reads).toEqual([pem, pem]);
    expect(await provideSettings(onLambda, () => privateKey("/intake/test/files-key"))).toBe(pem);
    expect(asked).toEqual([{ name: "/intake/test/files-key", token: "session-token" }]);
  });

  it("a failed read fails that call only: the next one reads again", async () => {
    failNext = true;
    await expect(provideSettings(onLambda, () => privateKey("/intake/test/other"))).rejects.toThrow(/HTTP 500/);
    expect(await provideSettings(onLambda, () => privateKey("/intake/test/other"))).toBe(pem);
  });

  it("local mode's key, given in process, is used without asking SSM", async () => {
    const before = asked.length;
    provideKey("local:/tmp/key.pem", pem);
    expect(await privateKey("local:/tmp/key.pem")).toBe(pem);
    expect(asked.length).toBe(before);
    expect(() => provideKey("local:/tmp/bad.pem", "not a key")).toThrow();
  });

  it("signs a CloudFront URL for the production key on the files origin, valid for the link's life", async () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0, 400);
    const { url, expiresAt } = await provideSettings(onLambda, () =>
      signedFileUrl("files/alice/upl_1.pdf", 86_400, now),
    );
    const parsed = new URL(url);
    expect(`${parsed.origin}${parsed.pathname}`).toBe("https://files.example.com/files/alice/upl_1.pdf");
    expect(parsed.searchParams.get("Key-Pair-Id")).toBe("KTESTKEY");
    const expires = Math.floor(now / 1000) + 86_400;
    expect(parsed.searchParams.get("Expires")).toBe(String(expires));
    expect(expiresAt).toBe(new Date(expires * 1000).toISOString());
    const policy = JSON.stringify({
      Statement: [
        {
          Resource: "https://files.example.com/files/alice/upl_1.pdf",
          Condition: { DateLessThan: { "AWS:EpochTime": expires } },
        },
      ],
    });
    const signature = Buffer.from(
      parsed.searchParams.get("Signature")!.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"),
      "base64",
    );
    expect(verify("RSA-SHA1", Buffer.from(policy), publicKey, signature)).toBe(true);
  });

  it("without a files origin configured, a download cannot be signed", async () => {
    const unwired = { ...env, INTAKE_FILES_ORIGIN: undefined };
    await expect(provideSettings(parseSettings(unwired), () => signedFileUrl("files/a/b.pdf", 60))).rejects.toThrow(
      /no files origin/,
    );
  });
});
