// One user's slow scans against another user's small file (issue 16, item 3; see
// docs/benchmarks.md, "Fairness").
//
//   npm run bench:fairness [-- --samples 10]
//
// 1. unloaded: a clean 1 KB PDF, PUT → ready, one at a time;
// 2. loaded: the same while one other user's four zip bombs (ePubs of a few MB inflating to
//    3000 MiB, past clamd's MaxScanSize) are being scanned.
// Prints p50/p95 of both and the ratio of the loaded p95 to the unloaded one (target: < 2×).
// 3. what the share costs one user alone: a burst of 2 MiB PDFs sent at once, until all are
//    scanned and ready, with the default turns at clamd and on a second stack where one owner
//    may have any number of files in clamd.
import { Store } from "@intake/core/upload/store";
import type { AppRouter } from "@intake/functions/trpc/router";
import { inflatingEpub } from "@intake/testing/corpus/inflating-epub";
import { pdf } from "@intake/testing/files";
import { createTRPCClient, httpLink } from "@trpc/client";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { startStack, type Stack } from "../packages/local/src/stack";
import { percentile } from "./stats";

const { values: args } = parseArgs({
  options: { samples: { type: "string", default: "10" }, burst: { type: "string", default: "8" } },
});
const samples = Math.max(2, Number(args.samples));
const burstSize = Math.max(1, Number(args.burst));
const MiB = 1024 * 1024;

async function client(stack: Stack, sub: string) {
  const token = await stack.issuer.issue({ sub, groups: [] });
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${stack.urls.app}/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
}

type Api = Awaited<ReturnType<typeof client>>;

/** Initiates and PUTs one file; returns its id and when the PUT started. */
async function put(api: Api, purpose: "statement" | "book", contentType: string, body: Buffer) {
  const started = await api.upload.initiate.mutate({
    purpose,
    filename: purpose === "book" ? "bomb.epub" : "small.pdf",
    contentType,
    sizeBytes: body.length,
    ...(purpose === "book" ? { title: "Bomb", author: "Bench" } : {}),
  });
  if (started.method !== "PUT") throw new Error("expected a single PUT");
  const t0 = Date.now();
  const response = await fetch(started.url, { method: "PUT", headers: started.headers, body: new Uint8Array(body) });
  if (!response.ok) throw new Error(`PUT ${response.status}`);
  return { uploadId: started.uploadId, t0 };
}

async function untilReady(stack: Stack, uploadId: string): Promise<number> {
  for (;;) {
    const upload = await stack.run(() => Store.get(uploadId));
    if (upload?.status === "ready") return Date.parse(upload.updatedAt);
    if (upload && !["pending", "received", "scanning", "processing"].includes(upload.status))
      throw new Error(`the small file ended ${upload.status} ${upload.statusReason ?? ""}`);
    await sleep(5);
  }
}

/** PUT → ready (ms) for `n` small PDFs from a user of their own, one at a time. */
async function smallFiles(stack: Stack, n: number, who: string): Promise<number[]> {
  const api = await client(stack, who);
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const { uploadId, t0 } = await put(api, "statement", "application/pdf", pdf({ size: 1024 }));
    times.push((await untilReady(stack, uploadId)) - t0);
  }
  return times.sort((a, b) => a - b);
}

/** Seconds from the first PUT of `n` 2 MiB PDFs sent at once by one user until all are scanned, and all ready. */
async function burst(stack: Stack, n: number, who: string): Promise<{ scanned: number; ready: number }> {
  const api = await client(stack, who);
  const sent = await Promise.all(
    Array.from({ length: n }, () => put(api, "statement", "application/pdf", pdf({ size: 2 * MiB }))),
  );
  const readyAt = await Promise.all(sent.map(({ uploadId }) => untilReady(stack, uploadId)));
  const scannedAt = await Promise.all(
    sent.map(async ({ uploadId }) => Date.parse((await stack.run(() => Store.get(uploadId)))?.scannedAt ?? "")),
  );
  const first = Math.min(...sent.map((s) => s.t0));
  return { scanned: (Math.max(...scannedAt) - first) / 1000, ready: (Math.max(...readyAt) - first) / 1000 };
}

/** A stack of its own; `clamdPerOwner` "0" lets one owner have any number of files in clamd. */
function start(dataDir: string, clamdPerOwner?: string): Promise<Stack> {
  return startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    scan: { waitTimeSeconds: 1, sweepIntervalMs: 3_600_000 },
    tunables: {
      INTAKE_LOG_LEVEL: "error",
      INTAKE_INITIATES_PER_MINUTE: "1000",
      ...(clamdPerOwner === undefined ? {} : { INTAKE_SCAN_CLAMD_PER_OWNER: clamdPerOwner }),
    },
  });
}

const row = (name: string, v: number[]) =>
  `${name.padEnd(34)}${String(percentile(v, 50)).padStart(7)}${String(percentile(v, 95)).padStart(9)}`;

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), "intake-bench-fairness-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  console.log(`Intake fairness benchmark: ${cpus().length} cores, Node ${process.version}; starting the local stack…`);
  let stack = await start(dataDir);
  try {
    await smallFiles(stack, 2, "warm_up"); // first scans load clamd's and the worker's code
    const unloaded = await smallFiles(stack, samples, "reader_alone");

    const bomb = await inflatingEpub(3000 * MiB);
    const bomber = await client(stack, "bomber");
    const bombs = await Promise.all(Array.from({ length: 4 }, () => put(bomber, "book", "application/epub+zip", bomb)));
    const bombStatuses = async () =>
      (await Promise.all(bombs.map((b) => stack.run(() => Store.get(b.uploadId))))).map((u) => u?.status);
    // The bombs are being read (as many at once as their owner's share) before the small files are sent.
    while (!(await bombStatuses()).includes("scanning")) await sleep(50);
    const loaded = await smallFiles(stack, samples, "reader_behind_bombs");
    const notDone = (await bombStatuses()).filter((status) => status === "received" || status === "scanning").length;

    console.log(`\n1 KB PDF, PUT → ready (ms), ${samples} each      p50      p95`);
    console.log(row("alone", unloaded));
    console.log(row("behind 4 zip bombs of another user", loaded));
    const ratio = percentile(loaded, 95) / percentile(unloaded, 95);
    console.log(
      `\nloaded p95 / unloaded p95: ${ratio.toFixed(2)}× (target < 2×); bombs not yet done at the end: ${notDone} of 4`,
    );

    await stack.stop();
    stack = await start(dataDir);
    const shared = await burst(stack, burstSize, "burst_shared");
    await stack.stop();
    stack = await start(dataDir, "0");
    const unshared = await burst(stack, burstSize, "burst_unshared");
    console.log(`\none user's ${burstSize} PDFs of 2 MiB at once (s)  all scanned   all ready`);
    for (const [name, r] of [
      ["with the share", shared],
      ["without (any number at once)", unshared],
    ] as const)
      console.log(`${name.padEnd(34)}${r.scanned.toFixed(2).padStart(9)}${r.ready.toFixed(2).padStart(12)}`);
    console.log(`scanned, with / without the share: ${(shared.scanned / unshared.scanned).toFixed(2)}×`);
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
