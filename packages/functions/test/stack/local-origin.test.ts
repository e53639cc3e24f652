// The local app origin keeps a developer's secrets (issue 16, item 5): the dev server serves
// only what the SPA needs, answers only to its own Host (no DNS rebinding), and sends the
// app's security headers.
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appUrl } from "@intake/testing/api";

const repo = fileURLToPath(new URL("../../../..", import.meta.url)).replace(/\/$/, "");
const secret = `secret-${randomUUID()}`;
const secretFile = `${repo}/.data/local-origin-test-${randomUUID()}.json`;

beforeAll(async () => {
  await mkdir(`${repo}/.data`, { recursive: true });
  await writeFile(secretFile, JSON.stringify({ privateKey: secret }));
});
afterAll(() => rm(secretFile, { force: true }));

/** A request with any Host header (fetch cannot set one), as a rebound DNS name would send. */
function get(path: string, host: string, method = "GET", body?: string) {
  const { port } = new URL(appUrl());
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path,
      method,
      headers: { host, "content-type": "application/json" },
    });
    req.on("response", async (res) => {
      let text = "";
      for await (const chunk of res) text += chunk;
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the dev server's files", () => {
  it.each([
    ["the data directory", () => `/@fs${secretFile}`],
    [
      "the data directory, through the web package",
      () => `/@fs${repo}/packages/web/../../.data/${secretFile.split("/").at(-1)}`,
    ],
    ["the repository outside the web package", () => `/@fs${repo}/package.json`],
    ["the system", () => "/@fs/etc/passwd"],
  ])("%s is not served", async (_name, path) => {
    const response = await fetch(`${appUrl()}${path()}`);
    const text = await response.text();
    expect(text).not.toContain(secret);
    expect(text).not.toContain("root:x:0:0");
    expect(text).not.toContain('"packageManager"');
    expect(response.status).not.toBe(200);
  });

  it("the SPA still loads", async () => {
    const response = await fetch(`${appUrl()}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
  });
});

describe("the Host header", () => {
  const { port } = new URL(appUrl());
  it.each([
    ["/dev/token", "POST", JSON.stringify({ sub: "ada", groups: ["admins"] })],
    ["/trpc/health", "GET", undefined],
    ["/", "GET", undefined],
  ])("another name for 127.0.0.1 is refused on %s", async (path, method, body) => {
    const refused = await get(path, `rebind.example:${port}`, method, body);
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain("token");
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect((await get(path, host, method, body)).status).toBe(200);
    }
  });
});

describe("security headers", () => {
  it.each(["/", "/trpc/health"])("%s is sent with a CSP without inline scripts, no framing, nosniff", async (path) => {
    const response = await fetch(`${appUrl()}${path}`);
    const csp = response.headers.get("content-security-policy") ?? "";
    const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
    expect(scripts).toContain("'self'");
    expect(scripts).not.toContain("unsafe-inline");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    await response.body?.cancel();
  });

  it("the page's own inline scripts carry this response's nonce, and no other", async () => {
    const [first, second] = [await fetch(`${appUrl()}/`), await fetch(`${appUrl()}/`)];
    const nonceOf = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1];
    const html = await first.text();
    await second.body?.cancel();
    const nonce = nonceOf(first);
    expect(nonce).toBeTruthy();
    expect(nonce).not.toBe(nonceOf(second));
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    for (const [, attributes] of inline) expect(attributes).toContain(`nonce="${nonce}"`);
  });
});
