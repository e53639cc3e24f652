// Two local stacks in one process, each with its own emulators and tuning: every call, through
// the API or straight into core, reaches its own stack's S3 and DynamoDB, and starting them
// leaves process.env as it was.
import { Store } from "@intake/core/upload/store";
import type { AppRouter } from "@intake/functions/trpc/router";
import { createTRPCClient, httpLink } from "@trpc/client";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdf } from "@intake/testing/files";
import { freePort } from "../../src/net";
import { startStack, type Stack } from "../../src/stack";

const MiB = 1024 * 1024;
const dirs: string[] = [];
let envBefore: Record<string, string | undefined>;
let a: Stack;
let b: Stack;

async function start(tunables: Parameters<typeof startStack>[0]["tunables"]): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), "intake-two-stacks-"));
  await chmod(dataDir, 0o755);
  dirs.push(dataDir);
  return startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    // No scanning here: a clamd address nobody answers on, and the poller paused below.
    clamd: { host: "127.0.0.1", port: await freePort() },
    scan: { waitTimeSeconds: 1, sweepIntervalMs: 3_600_000 },
    tunables: { INTAKE_LOG_LEVEL: "error", ...tunables },
  });
}

async function apiOf(stack: Stack) {
  const token = await stack.issuer.issue({ sub: "same_user", email: "same@example.com", groups: [] });
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${stack.urls.app}/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
}

/** initiate → PUT → confirm on one stack, as a browser would. */
async function upload(stack: Stack) {
  const api = await apiOf(stack);
  const body = pdf({ size: 4096 });
  const started = await api.upload.initiate.mutate({
    purpose: "statement",
    filename: "s.pdf",
    contentType: "application/pdf",
    sizeBytes: body.length,
  });
  if (started.method !== "PUT" || !started.url) throw new Error("expected a single PUT");
  const put = await fetch(started.url, { method: "PUT", headers: started.headers, body: new Uint8Array(body) });
  expect(put.status).toBe(200);
  const confirmed = await api.upload.confirm.mutate({ uploadId: started.uploadId, etag: put.headers.get("etag")! });
  return { url: new URL(started.url), confirmed };
}

beforeAll(async () => {
  envBefore = { ...process.env };
  // One after the other: each starts a DynamoDB Local, and this machine is small.
  a = await start({
    INTAKE_PURPOSES: JSON.stringify({ statement: { maxSizeBytes: 1 * MiB } }),
    INTAKE_UPLOAD_URL_TTL_SECONDS: "600",
  });
  b = await start({});
  await Promise.all([a.consumers.scan.pause(), b.consumers.scan.pause()]);
}, 120_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("two stacks in one process", () => {
  it("starting them leaves process.env as it was", () => {
    expect(a.urls.s3).not.toBe(b.urls.s3);
    expect({ ...process.env }).toEqual(envBefore);
  });

  it("each API answers with its own tuning", async () => {
    const [purposesA, purposesB] = await Promise.all([
      (await apiOf(a)).upload.purposes.query(),
      (await apiOf(b)).upload.purposes.query(),
    ]);
    expect(purposesA.purposes.statement.maxSizeBytes).toBe(1 * MiB);
    expect(purposesB.purposes.statement.maxSizeBytes).toBe(50 * MiB);
  });

  it("each upload goes to its own S3 and is recorded in its own table only", async () => {
    const [onA, onB] = await Promise.all([upload(a), upload(b)]);
    // Presigned for its own S3 emulator, with its own URL lifetime.
    expect(onA.url.origin).toBe(a.urls.s3);
    expect(onB.url.origin).toBe(b.urls.s3);
    expect(onA.url.searchParams.get("X-Amz-Expires")).toBe("600");
    expect(onB.url.searchParams.get("X-Amz-Expires")).toBe("900");
    // Confirm found the bytes (HeadObject on its own staging bucket).
    expect(onA.confirmed.status).toBe("received");
    expect(onB.confirmed.status).toBe("received");

    // Core called directly, inside each stack's settings, sees its own table only.
    const idA = onA.confirmed.uploadId;
    const idB = onB.confirmed.uploadId;
    expect(await a.run(() => Store.get(idA))).toMatchObject({ uploadId: idA, status: "received" });
    expect(await b.run(() => Store.get(idB))).toMatchObject({ uploadId: idB, status: "received" });
    expect(await a.run(() => Store.get(idB))).toBeFalsy();
    expect(await b.run(() => Store.get(idA))).toBeFalsy();
  });
});
