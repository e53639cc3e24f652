// Issue 16, "then prove it": three users upload clean and EICAR PDFs while, in turn, clamd,
// s3rver, DynamoDB Local (SIGKILL), the queue emulator and the whole app process (SIGKILL of
// its process group: the API, the consumers and the emulators it started, as `npm start` runs
// them) go down and come back on the same ports and data. Afterwards, once the sweeper is
// quiet, every upload has the state its content deserves, nothing it staged is left in
// staging, and no answer a client saw carried internals.
import { type ChildProcess, fork } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Actor } from "@intake/core/actor";
import { db } from "@intake/core/dynamo";
import { parseSettings, provideSettings, type Settings } from "@intake/core/settings";
import { Sweep } from "@intake/core/sweep";
import { inFlight } from "@intake/core/upload/lifecycle";
import { Store } from "@intake/core/upload/store";
import type { AppRouter } from "@intake/functions/trpc/router";
import { single } from "@intake/testing/api";
import { pdf } from "@intake/testing/files";
import { eventually, locations, whereIs } from "@intake/testing/scan";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eicarBytes, reportedName, SIGNATURES } from "../../src/emulators/clamd";
import { createIssuer } from "../../src/issuer";
import { freePort } from "../../src/net";
import type { FaultyPart } from "../../src/stack";
import type { Command, Reply } from "./app";

const appScript = fileURLToPath(new URL("./app.ts", import.meta.url));
const REQUEST_TIMEOUT_MS = 15_000;
/** How long one step of an upload keeps retrying: longer than any outage here. */
const STEP_BUDGET_MS = 90_000;

interface App {
  child: ChildProcess;
  settings: Settings;
  command(part: FaultyPart, to: "down" | "up"): Promise<void>;
  output(): string;
}

let dataDir: string;
let port: number;
let app: App;

async function startApp(): Promise<App> {
  // Its own process group, so one SIGKILL takes it and every emulator it spawned.
  const child = fork(appScript, [dataDir, String(port)], {
    execArgv: ["--import", "tsx"],
    detached: true,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-8192);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const waiting = new Map<number, { resolve(): void; reject(error: Error): void }>();
  let nextId = 0;
  const ready = new Promise<Record<string, string>>((resolve, reject) => {
    child.on("message", (message: Reply) => {
      if ("ready" in message) return resolve(message.ready.env);
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.error) pending?.reject(new Error(message.error));
      else pending?.resolve();
    });
    child.once("exit", (code, signal) =>
      reject(new Error(`the app exited (${code ?? signal}) before it was ready:\n${tail}`)),
    );
  });
  const env = await ready;
  return {
    child,
    settings: parseSettings(env),
    output: () => tail,
    command: (part, to) =>
      new Promise<void>((resolve, reject) => {
        const id = ++nextId;
        waiting.set(id, { resolve, reject });
        child.send({ id, part, to } satisfies Command);
      }),
  };
}

async function killApp(): Promise<void> {
  const exited = new Promise((resolve) => app.child.once("exit", resolve));
  if (app.child.exitCode === null && app.child.signalCode === null) process.kill(-app.child.pid!, "SIGKILL");
  await exited;
}

/** Core calls (the table, S3, the sweeper) against the app's current emulators. */
const core = <T>(fn: () => Promise<T>) => provideSettings(app.settings, fn);

// What the clients saw.
const counts = {
  sent: 0,
  refused: 0,
  unanswered: 0,
  ready: 0,
  quarantined: 0,
  retried: 0,
  requeued: 0,
  recovered: 0,
  orphans: 0,
};
const answers: Array<{ status: number; text: string }> = [];

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {
    super(`PUT answered ${status}`);
  }
}

function noteRefusal(error: unknown): void {
  counts.refused++;
  if (error instanceof TRPCClientError && error.data) {
    const data = error.data as { httpStatus?: number };
    answers.push({ status: data.httpStatus ?? 0, text: JSON.stringify({ message: error.message, data }) });
  } else if (error instanceof Refused) {
    answers.push({ status: error.status, text: error.text });
  } else {
    counts.unanswered++; // no answer at all: the connection was refused, reset or timed out
  }
}

async function step<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + STEP_BUDGET_MS;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      noteRefusal(error);
      if (Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

function apiFor(token: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `http://127.0.0.1:${port}/trpc`,
        headers: { authorization: `Bearer ${token}` },
        fetch: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
      }),
    ],
  });
}

interface Sent {
  uploadId: string;
  owner: string;
  infected: boolean;
}

const sent: Sent[] = [];
let streaming = true;

const invalidState = (error: unknown) =>
  error instanceof TRPCClientError && (error.data as { appCode?: string } | undefined)?.appCode === "INVALID_STATE";

/**
 * PUTs until S3 takes the body. After a few failed connections it asks for a fresh URL, as
 * the web client does (a restarted app's S3 listens elsewhere); an upload no longer pending
 * was delivered by an attempt whose answer was lost.
 */
async function deliver(
  api: ReturnType<typeof apiFor>,
  started: { uploadId: string; url: string; headers: Record<string, string> },
  body: Buffer,
) {
  let target = started;
  let failures = 0;
  await step(async () => {
    if (failures > 0 && failures % 3 === 0) {
      try {
        target = { ...started, ...(await api.upload.refresh.mutate({ uploadId: started.uploadId })) };
      } catch (error) {
        if (invalidState(error)) return;
        throw error;
      }
    }
    const response = await fetch(target.url, {
      method: "PUT",
      headers: target.headers,
      body: new Uint8Array(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    }).catch((error: unknown) => {
      failures++;
      throw error;
    });
    if (response.status !== 200) throw new Refused(response.status, await response.text());
  });
}

async function uploader(owner: string, token: string): Promise<void> {
  const api = apiFor(token);
  for (let n = 1; streaming; n++) {
    const infected = n % 3 === 0;
    const body = infected ? pdf({ insert: eicarBytes() }) : pdf();
    const started = single(
      await step(() =>
        api.upload.initiate.mutate({
          purpose: "statement",
          filename: `statement-${n}.pdf`,
          contentType: "application/pdf",
          sizeBytes: body.length,
        }),
      ),
    );
    counts.sent++;
    sent.push({ uploadId: started.uploadId, owner, infected });
    // A single PUT's ETag is its body's MD5, known before any answer.
    const etag = `"${createHash("md5").update(body).digest("hex")}"`;
    await deliver(api, started, body);
    await step(() => api.upload.confirm.mutate({ uploadId: started.uploadId, etag }));
    await sleep(250);
  }
}

const began = Date.now();
const phase = (what: string) => console.log(`fault suite +${((Date.now() - began) / 1000).toFixed(1)} s: ${what}`);

/** Waits until the stream has made `n` more moves (uploads sent or attempts refused). */
async function progress(what: string, n = 3): Promise<void> {
  const from = counts.sent + counts.refused;
  await eventually(what, async () => counts.sent + counts.refused >= from + n, 60_000);
}

const unsettled = new Set<string>(inFlight);

const finalStatuses = async () =>
  core(async () => Promise.all(sent.map(async (upload) => ({ upload, item: await Store.get(upload.uploadId) }))));

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "intake-faults-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  port = await freePort();
  app = await startApp();
}, 120_000);

afterAll(async () => {
  streaming = false;
  if (app) {
    if (app.child.exitCode === null && app.child.signalCode === null) {
      const exited = new Promise((resolve) => app.child.once("exit", resolve));
      app.child.kill("SIGTERM");
      await Promise.race([exited, sleep(20_000).then(() => killApp())]);
    }
  }
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

it("uploads streamed through every part's crash end in the state their content deserves", async () => {
  const issuer = await createIssuer(`http://127.0.0.1:${port}`, join(dataDir, "issuer", "signing-key.json"));
  const owners = ["fault_user_1", "fault_user_2", "fault_user_3"];
  const tokens = await Promise.all(owners.map((sub) => issuer.issue({ sub, email: `${sub}@example.com`, groups: [] })));
  const stream = Promise.all(owners.map((owner, i) => uploader(owner, tokens[i]!)));
  stream.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile

  for (const part of ["clamd", "s3", "dynamodb", "queues"] as const) {
    await progress(`uploads before ${part} goes down`);
    phase(`${part} down`);
    await app.command(part, "down");
    await progress(`uploads while ${part} is down`, 6);
    phase(`${part} up`);
    await app.command(part, "up");
  }
  await progress("uploads before the app is killed");
  phase("the app process SIGKILLed");
  await killApp();
  await progress("attempts while the app is down", 3);
  app = await startApp();
  phase("the app is back");
  await progress("uploads after the app is back");
  streaming = false;
  await stream;
  phase("the stream has stopped; sweeping");

  // The sweeper re-queues what the queues lost and retries what failed on a fault.
  await eventually(
    "every upload to end",
    async () => {
      const swept = await core(() =>
        Actor.provide({ type: "system", properties: { name: "fault-suite" } }, () =>
          Sweep.run(new Date(Date.now() + 4_000)),
        ),
      );
      counts.requeued += swept.requeued;
      counts.recovered += swept.recovered;
      const statuses = await finalStatuses();
      return statuses.every(({ item }) => item && !unsettled.has(item.status) && item.status !== "failed");
    },
    120_000,
  );

  const outcomes = await finalStatuses();
  for (const { upload, item } of outcomes) {
    if ((item?.scanAttempts ?? 0) > 1) counts.retried++;
    const where = await core(() => whereIs(locations(upload.owner, upload.uploadId, "application/pdf")));
    expect({ uploadId: upload.uploadId, where }).not.toMatchObject({ where: expect.arrayContaining(["staging"]) });
    if (upload.infected) {
      expect(item).toMatchObject({ status: "quarantined", statusReason: "VIRUS_DETECTED" });
      expect(item?.signatures).toEqual([reportedName(SIGNATURES.eicar)]);
      expect(where).toEqual(["quarantine"]);
      counts.quarantined++;
    } else {
      expect(item).toMatchObject({ status: "ready", scanVerdict: "clean" });
      expect(where).toEqual(["production"]);
      counts.ready++;
    }
  }

  // An initiate whose answer was lost leaves an upload its client never heard of: nothing was
  // PUT for it, and it expires at its deadline like any upload left pending.
  const known = new Set(sent.map((upload) => upload.uploadId));
  const orphans = await core(async () => {
    const all = await Promise.all(
      owners.map(async (ownerId) => (await db().upload.query.byOwner({ ownerId }).go({ pages: "all" })).data),
    );
    return all.flat().filter((item) => !known.has(item.uploadId));
  });
  counts.orphans = orphans.length;
  for (const orphan of orphans) {
    expect(orphan.status).toBe("pending");
    const pastDeadline = new Date(Date.parse(orphan.expiresAt) + 1_000);
    await core(() =>
      Actor.provide({ type: "system", properties: { name: "fault-suite" } }, () => Sweep.run(pastDeadline)),
    );
    expect((await core(() => Store.get(orphan.uploadId)))?.status).toBe("expired");
    expect(await core(() => whereIs(locations(orphan.ownerId, orphan.uploadId, "application/pdf")))).toEqual([]);
  }

  const internals = [
    /ECONN|EPIPE|ETIMEDOUT|socket hang up/i,
    /\n\s+at |\bat .+:\d+:\d+/, // a stack trace
    /\/(work|tmp|home|usr|root)\/|node_modules|\.[cm]?[jt]s\b/, // a file path
    /@aws-sdk|\$metadata|[A-Za-z]+(Exception|ServiceException)\b|DynamoDB|ElectroError|TimeoutError|NoSuchBucket/,
  ];
  for (const answer of answers) {
    for (const pattern of internals) expect(answer.text, `an answer matched ${pattern}`).not.toMatch(pattern);
    if (answer.status >= 500 && answer.text.startsWith("{")) {
      expect(JSON.parse(answer.text)).toMatchObject({
        message: "Internal server error",
        data: { appCode: "INTERNAL_SERVER_ERROR" },
      });
    }
  }

  console.log(
    `fault suite: ${counts.sent} uploads sent; ${counts.refused} attempts refused during faults ` +
      `(${answers.length} answered, ${counts.unanswered} unanswered); ended ${counts.ready} ready, ` +
      `${counts.quarantined} quarantined; ${counts.retried} scanned more than once; ` +
      `the sweeper re-queued ${counts.requeued} and recovered ${counts.recovered} failed; ` +
      `${counts.orphans} initiates whose answer was lost, expired at their deadline`,
  );
  expect(counts.ready + counts.quarantined).toBe(counts.sent);
}, 300_000);
