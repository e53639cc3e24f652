// Fuzzing the local API over raw HTTP (issue 16, "then prove it"): random paths, methods,
// headers (huge, duplicated, odd Content-Type, bad Authorization) and bodies (invalid JSON, huge,
// deep, batches), written to the socket as bytes so nothing in between tidies them up. Whatever
// arrives, the answer is never a 5xx and a refusal names no internal.
import { ApiLimits } from "@intake/core/api-limits";
import fc from "fast-check";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { appRouter } from "../../src/trpc/router";
import { appUrl, newUser } from "@intake/testing/api";
import { fuzzParameters, fuzzRuns, hostileString, hostileValue, internalDetail } from "../router/fuzz-inputs";

const { port } = new URL(appUrl());
const host = `127.0.0.1:${port}`;

interface RawRequest {
  method: string;
  target: string;
  headers: [string, string][];
  body: Buffer;
  chunked: boolean;
}

/** Sends `request` as written and reads the whole answer: the status, or 0 if none came. */
function send(request: RawRequest): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port: Number(port) });
    const chunks: Buffer[] = [];
    const done = () => {
      // Interim answers (100 Continue) come first: the final one is what counts.
      const text = Buffer.concat(chunks)
        .toString("utf8")
        .replace(/^(HTTP\/1\.[01] 1\d\d[^\r]*\r\n(?:[^\r]+\r\n)*\r\n)+/, "");
      const split = text.indexOf("\r\n\r\n");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, head: text.slice(0, split), body: split < 0 ? "" : text.slice(split + 4) });
    };
    socket.setTimeout(30_000, () => socket.destroy());
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", () => {}); // a reset after the answer (a refused huge body) is fine
    socket.on("close", done);
    const length: [string, string] = request.chunked
      ? ["Transfer-Encoding", "chunked"]
      : ["Content-Length", String(request.body.length)];
    const head = [`${request.method} ${request.target} HTTP/1.1`, `Host: ${host}`, "Connection: close"];
    for (const [name, value] of [...request.headers, ...(request.body.length || request.chunked ? [length] : [])]) {
      head.push(`${name}: ${value}`);
    }
    socket.write(`${head.join("\r\n")}\r\n\r\n`);
    if (request.chunked) {
      if (request.body.length) socket.write(`${request.body.length.toString(16)}\r\n`);
      if (request.body.length) socket.write(request.body);
      socket.write(`${request.body.length ? "\r\n" : ""}0\r\n\r\n`);
    } else socket.write(request.body);
  });
}

const procedures = Object.keys((appRouter._def as unknown as { procedures: Record<string, unknown> }).procedures);

/** Header values made safe to put on the wire (no CR/LF: those would be a different request). */
const onWire = (value: string) => Buffer.from(value.replace(/[\r\n]/g, " "), "utf8").toString("latin1");

const { token } = await newUser();
const { token: adminToken } = await newUser({ admin: true });

const authorization = fc.constantFrom(
  `Bearer ${token}`,
  `Bearer ${adminToken}`,
  "Bearer ",
  "Bearer garbage",
  "Basic YWxpY2U6c2VjcmV0",
  `Bearer ${token.slice(0, -4)}AAAA`, // a bad signature
  `Bearer ${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"ada","cognito:groups":["admins"]}').toString("base64url")}.`,
  `Bearer ${"x".repeat(8_000)}`,
  `bearer ${token}`,
);

const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-16",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded",
  "application/octet-stream",
  "application/jsonx",
  "",
);

const header: fc.Arbitrary<[string, string]> = fc.oneof(
  authorization.map((value): [string, string] => ["Authorization", value]),
  contentType.map((value): [string, string] => ["Content-Type", value]),
  fc.constantFrom<[string, string]>(
    ["X-Big", "y".repeat(20_000)],
    ["Accept", "text/html"],
    ["Accept-Encoding", "gzip, br"],
    ["Origin", "http://evil.example"],
    ["X-Forwarded-For", "1.2.3.4"],
    ["trpc-accept", "application/jsonl"],
    ["Expect", "100-continue"],
    ["If-None-Match", "*"],
  ),
  fc
    .tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/), hostileString)
    .map(([n, v]): [string, string] => [n, onWire(v).slice(0, 10_000)]),
);

const segment = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...procedures) },
  fc.constantFrom("", "upload", "upload.", ".", "..", "%2e%2e", "admin.webhooks.list", "__proto__", "constructor"),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);

const queryValue = fc.oneof(
  hostileValue.map((v) => JSON.stringify(v) ?? "undefined"),
  fc
    .dictionary(fc.constantFrom("0", "1", "2", "9", "-1", "x"), hostileValue, { maxKeys: 4 })
    .map((o) => JSON.stringify(o)),
  fc.string({ maxLength: 30 }),
);

const target = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.array(segment, { minLength: 1, maxLength: 12 }), fc.boolean(), fc.option(queryValue))
      .map(([names, batch, input]) => {
        const query = [
          batch ? "batch=1" : "",
          input !== null ? `input=${encodeURIComponent(input.slice(0, 200_000))}` : "",
        ]
          .filter(Boolean)
          .join("&");
        return `/trpc/${names.join(",")}${query ? `?${query}` : ""}`;
      }),
  },
  fc.constantFrom(
    "/",
    "/trpc",
    "/trpc/",
    "/dev/token",
    "/.well-known/jwks.json",
    "/.data/",
    "/@fs/etc/passwd",
    "/trpc/%00",
    "/trpc/health?batch=1&input=%7B",
    "*",
    "http://evil.example/trpc/health",
    "//trpc/health",
    `/trpc/${"health,".repeat(500)}health?batch=1`,
  ),
  fc.string({ unit: "binary-ascii", maxLength: 60 }).map((s) => `/${encodeURI(s)}`),
);

const batchBody = fc
  .dictionary(fc.constantFrom("0", "1", "2", "3", "10", "-1", "a"), hostileValue, { maxKeys: 6 })
  .map((o) => JSON.stringify(o));

const body = fc.oneof(
  { weight: 3, arbitrary: hostileValue.map((v) => JSON.stringify(v) ?? "") },
  { weight: 2, arbitrary: batchBody },
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom(
    "{",
    '{"a":',
    "[1,2",
    "\u0000",
    '{"uploadId":"upl_0123456789abcdef0123456789abcdef"',
    "null",
    '"\\ud800"',
    `${"[".repeat(200_000)}${"]".repeat(200_000)}`,
    `{"0":${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}}`,
    JSON.stringify({ filename: "x".repeat(ApiLimits.maxBodyBytes + 1) }),
    JSON.stringify(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [i, { uploadId: "x" }]))),
  ),
);

const request: fc.Arbitrary<RawRequest> = fc.record({
  method: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom("GET", "POST") },
    fc.constantFrom("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "TRACK", "CONNECT", "PROPFIND"),
  ),
  target,
  headers: fc.array(header, { maxLength: 5 }),
  body: fc.option(body).map((text) => Buffer.from(text ?? "", "utf8")),
  chunked: fc.boolean(),
});

/**
 * Whether a request must get an answer the client can read. Node closes the connection on a
 * CONNECT it has no tunnel for. On a head over its 16 KiB limit (431), and on a large body the
 * server does not need (a GET, a body over the limit: 413), it answers and closes while the
 * client is still sending, and the reset that follows can discard the answer before the client
 * reads it: nothing served, nothing told.
 */
const mustBeAnswered = (r: RawRequest) =>
  r.method !== "CONNECT" &&
  Buffer.byteLength(r.target) + r.headers.reduce((n, [name, value]) => n + name.length + value.length + 4, 0) <
    16 * 1024 &&
  r.body.length <= 64 * 1024;

const brief = (r: RawRequest) =>
  `${r.method} ${r.target.slice(0, 200)} headers=${JSON.stringify(r.headers.map(([n, v]) => [n, v.slice(0, 80)]))} body=${JSON.stringify(r.body.subarray(0, 200).toString("utf8"))} (${r.body.length} bytes${r.chunked ? ", chunked" : ""})`;

describe("the API over raw HTTP, fuzzed", () => {
  it("never answers 5xx and never names an internal, whatever the request", async () => {
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const response = await send(r);
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        if (mustBeAnswered(r)) expect(response.status, `no answer to ${brief(r)}`).toBeGreaterThan(0);
        expect(response.status, `${brief(r)} → ${response.body.slice(0, 500)}`).toBeLessThan(500);
        // A refusal says what is wrong and no more (an admin's health answer names its parts by design).
        if (response.status >= 400) expect(internalDetail(response.body), brief(r)).toBeUndefined();
      }),
      fuzzParameters(fuzzRuns * 20),
    );
    console.log(`fuzz http: statuses ${JSON.stringify(statuses)}`);
    // The API itself was reached, not only refused at the door.
    expect(Object.keys(statuses)).toEqual(expect.arrayContaining(["200", "400"]));
  });
});
