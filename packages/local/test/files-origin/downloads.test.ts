// Downloads against the shared local stack: upload.download's URL opens on the files origin
// (never the app's) as an attachment with the headers CloudFront's response headers policy
// adds, and anything not signed exactly for it — or no longer valid — is refused with 403.
import { provideKey } from "@intake/core/files/signing-key";
import { signedFileUrl } from "@intake/core/files/signed-url";
import { Keys } from "@intake/core/keys";
import { provideSettings, settings } from "@intake/core/settings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl, newUser } from "@intake/testing/api";
import { epub, pdf } from "@intake/testing/files";
import { send, settled } from "@intake/testing/scan";
import { newKeyPair } from "@intake/local/files-origin/key-pair";
import { type FilesOrigin, startFilesOrigin } from "@intake/local/files-origin/server";
import { s3ClientConfig } from "@intake/local/s3/server";

type User = Awaited<ReturnType<typeof newUser>>;

const filesOrigin = () => settings().files!.origin;

async function readyStatement(owner: User, filename = "March 2026.pdf") {
  const body = pdf({ size: 4096 });
  const sent = await send(owner.api, owner.sub, {
    purpose: "statement",
    filename,
    contentType: "application/pdf",
    body,
    confirm: true,
  });
  expect((await settled(owner.api, sent.uploadId)).status).toBe("ready");
  return { uploadId: sent.uploadId, body, key: Keys.production(owner.sub, sent.uploadId, "application/pdf") };
}

/** The same URL signed by a key of the test's own, under `keyPairId`. */
async function signedWith(key: string, keyPairId: string, seconds = 300) {
  const pair = newKeyPair();
  const parameter = `test:${pair.keyPairId}`;
  provideKey(parameter, pair.privateKeyPem);
  const current = settings();
  const own = { ...current, files: { ...current.files!, keyPairId, privateKeyParameter: parameter } };
  return { pair, url: (await provideSettings(own, () => signedFileUrl(key, seconds))).url };
}

let owner: User;
let file: Awaited<ReturnType<typeof readyStatement>>;
let link: { url: string; expiresAt: string };
beforeAll(async () => {
  owner = await newUser();
  file = await readyStatement(owner);
  link = await owner.api.upload.download.mutate({ uploadId: file.uploadId });
});

describe("a ready file's download URL", () => {
  it("opens on the files origin as an attachment of its verified type, with nosniff and the sandbox CSP", async () => {
    const url = new URL(link.url);
    expect(url.origin).toBe(filesOrigin());
    expect(url.origin).not.toBe(appUrl());
    expect(url.pathname).toBe(`/${file.key}`);
    expect([...url.searchParams.keys()].sort()).toEqual(["Expires", "Key-Pair-Id", "Signature"]);
    // Owners get the seed's 24 hours.
    expect(Number(url.searchParams.get("Expires")) * 1000).toBe(Date.parse(link.expiresAt));
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(24 * 3600_000 - 60_000);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(24 * 3600_000);

    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="March 2026.pdf"; filename*=UTF-8''March%202026.pdf`,
    );
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("same-site");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(Buffer.from(await response.arrayBuffer()).equals(file.body)).toBe(true);
  });

  it("answers HEAD, and a simple range with just those bytes", async () => {
    const head = await fetch(link.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(file.body.length));
    expect(head.headers.get("x-content-type-options")).toBe("nosniff");

    const part = await fetch(link.url, { headers: { range: "bytes=0-7" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 0-7/${file.body.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(file.body.subarray(0, 8))).toBe(true);
  });

  it("one byte of the signature changed, the expiry moved, another key: 403", async () => {
    const signature = new URL(link.url).searchParams.get("Signature")!;
    const at = signature.length >> 1;
    const tampered = link.url.replace(
      signature,
      signature.slice(0, at) + (signature[at] === "A" ? "B" : "A") + signature.slice(at + 1),
    );
    const expires = new URL(link.url).searchParams.get("Expires")!;
    const moved = link.url.replace(`Expires=${expires}`, `Expires=${Number(expires) + 3600}`);
    const forged = await signedWith(file.key, settings().files!.keyPairId);
    const unknown = await signedWith(file.key, "KUNKNOWNKEY123");
    for (const url of [tampered, moved, forged.url, unknown.url]) {
      const response = await fetch(url);
      expect(response.status, url).toBe(403);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(Buffer.from(await response.arrayBuffer()).includes(file.body.subarray(0, 64))).toBe(false);
    }
  });

  it("is for that file only, read only, and the origin lists nothing and serves no app", async () => {
    const other = await readyStatement(owner, "other.pdf");
    const query = new URL(link.url).search;
    const refused = [
      fetch(`${filesOrigin()}/${other.key}${query}`),
      fetch(filesOrigin()),
      fetch(`${filesOrigin()}/files/`),
      fetch(`${filesOrigin()}/index.html`),
      fetch(`${filesOrigin()}/trpc/health`),
      fetch(link.url.replace(/\?.*/, "")),
      ...["POST", "PUT", "DELETE", "OPTIONS", "PATCH"].map((method) => fetch(link.url, { method })),
    ];
    for (const response of await Promise.all(refused)) {
      expect(response.status, response.url).toBe(403);
      expect(await response.text()).toContain("AccessDenied");
    }
    expect((await fetch(link.url)).status).toBe(200); // still there: DELETE did nothing
  });

  it("the app's origin never serves a stored file, at any path", async () => {
    const query = new URL(link.url).search;
    const bucket = settings().buckets.production;
    const paths = [
      `/${file.key}${query}`,
      `/${file.key}`,
      `/${bucket}/${file.key}`,
      `/files/${owner.sub}/`,
      `/trpc/../${file.key}`,
    ];
    for (const path of paths) {
      const response = await fetch(`${appUrl()}${path}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.includes(file.body.subarray(0, 64)), path).toBe(false);
      expect(response.headers.get("content-type") ?? "", path).not.toContain("application/pdf");
    }
  });
});

describe("link life", () => {
  let origin: FilesOrigin;
  let clock = Date.now();
  let pair: ReturnType<typeof newKeyPair>;
  beforeAll(async () => {
    pair = newKeyPair();
    const { endpoints, credentials, region, buckets } = settings();
    origin = await startFilesOrigin({
      port: 0,
      s3: s3ClientConfig(endpoints.s3!, credentials!, region),
      bucket: buckets.production,
      keyGroup: new Map([[pair.keyPairId, pair.publicKey]]),
      now: () => clock,
    });
  });
  afterAll(async () => origin?.stop());

  it("a URL works until its expiry on the origin's clock, then 403", async () => {
    const parameter = `test:${pair.keyPairId}`;
    provideKey(parameter, pair.privateKeyPem);
    const current = settings();
    const own = {
      ...current,
      files: { origin: origin.url, keyPairId: pair.keyPairId, privateKeyParameter: parameter },
    };
    const signedAt = Date.now();
    const { url, expiresAt } = await provideSettings(own, () => signedFileUrl(file.key, 300, signedAt));
    expect(Date.parse(expiresAt)).toBe((Math.floor(signedAt / 1000) + 300) * 1000);

    clock = Date.parse(expiresAt) - 1000;
    expect((await fetch(url)).status).toBe(200);
    clock = Date.parse(expiresAt);
    expect((await fetch(url)).status).toBe(403);
    clock = Date.parse(expiresAt) + 24 * 3600_000;
    expect((await fetch(url)).status).toBe(403);
  });

  it("an admin's link to a book in review lives 5 minutes", async () => {
    const author = await newUser();
    const admin = await newUser({ admin: true });
    const sent = await send(author.api, author.sub, {
      purpose: "book",
      filename: "Dune.epub",
      contentType: "application/epub+zip",
      body: epub(),
      confirm: true,
    });
    expect((await settled(author.api, sent.uploadId)).status).toBe("in_review");
    const before = Date.now();
    const preview = await admin.api.upload.download.mutate({ uploadId: sent.uploadId });
    expect(Date.parse(preview.expiresAt) - before).toBeLessThanOrEqual(300_000);
    expect(Date.parse(preview.expiresAt) - before).toBeGreaterThan(298_000);
    const response = await fetch(preview.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/epub+zip");
  });
});
