// Scan throughput and latency on the local stack (see README, "Benchmark").
//
//   npm run bench:scan [-- --small 40 --large 4 --cli-small 12 --cli-large 2 --latency 30]
//
// 1. the scan consumer end to end (S3 GET → type check → clamd → copy → delete → DynamoDB),
//    1 MiB and 50 MiB files, measured from the moment the queued events are released;
// 2. raw clamd INSTREAM on the same bytes at the same concurrency: the limit;
// 3. the clamscan command once per file, as scanners that run ClamAV inside a function do
//    (GET the object to a temp file, run clamscan on it);
// 4. latency from the start of a PUT to `ready`, for small files sent through the API.
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { s3 } from "@intake/core/aws";
import { settings, tunablesFrom } from "@intake/core/settings";
import { Store } from "@intake/core/upload/store";
import type { AppRouter } from "@intake/functions/trpc/router";
import { createTRPCClient, httpLink } from "@trpc/client";
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs, promisify } from "node:util";
import { pdf } from "@intake/testing/files";
import { startStack, type Stack } from "../packages/local/src/stack";
import { chunksOf, instream, pdfOf, pool, stagePending } from "./scan-work";
import { percentile } from "./stats";

const MiB = 1024 * 1024;
const { values: args } = parseArgs({
  options: {
    small: { type: "string", default: "40" },
    large: { type: "string", default: "4" },
    "cli-small": { type: "string", default: "12" },
    "cli-large": { type: "string", default: "2" },
    latency: { type: "string", default: "30" },
    pollers: { type: "string", default: "2" },
    batch: { type: "string", default: "10" },
  },
});
const count = (name: keyof typeof args) => Math.max(1, Number(args[name]));

/** The consumer's concurrency: pollers × records per batch. */
const POLLERS = count("pollers");
const BATCH = count("batch");

interface Result {
  files: number;
  bytes: number;
  seconds: number;
}
const mibPerSecond = (r: Result) => r.bytes / MiB / r.seconds;
const filesPerSecond = (r: Result) => r.files / r.seconds;

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return (performance.now() - started) / 1000;
}

/** The consumer end to end: objects staged while it is paused, then timed until all are settled. */
async function consumer(stack: Stack, files: Buffer[]): Promise<Result> {
  await stack.consumers.scan.pause();
  const ids = await stagePending(
    { purpose: "statement", filename: "bench.pdf", contentType: "application/pdf" },
    files,
  );
  await sleep(500); // every S3 event queued
  const seconds = await timed(async () => {
    stack.consumers.scan.resume();
    const waiting = new Set(ids);
    while (waiting.size > 0) {
      await Promise.all(
        [...waiting].map(async (id) => {
          const upload = await Store.get(id);
          if (upload && upload.status !== "pending" && upload.status !== "scanning") {
            // The scan is done once the file is handed to processing (bench:processing measures that stage).
            if (upload.status !== "processing" && upload.status !== "ready")
              throw new Error(`${id} ended ${upload.status}`);
            waiting.delete(id);
          }
        }),
      );
      if (waiting.size > 0) await sleep(50);
    }
  });
  return { files: files.length, bytes: sum(files), seconds };
}

async function rawClamd(port: number, files: Buffer[], concurrency: number): Promise<Result> {
  const seconds = await timed(() =>
    pool(files, concurrency, async (data) => {
      const reply = await instream(port, chunksOf(data));
      if (reply !== "stream: OK") throw new Error(`clamd said ${reply}`);
    }),
  );
  return { files: files.length, bytes: sum(files), seconds };
}

/** Per file: GET it from S3 to a temp file, then `clamscan` it; as many at once as there are cores. */
async function clamscanCli(database: string, files: Buffer[], dir: string): Promise<Result> {
  const bucket = settings().buckets.quarantine; // any bucket the scanner does not watch
  const keys = files.map((_, i) => `bench/cli-${randomUUID()}-${i}.pdf`);
  await pool(
    files.map((data, i) => ({ data, key: keys[i]! })),
    4,
    async ({ data, key }) => {
      await s3().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data }));
    },
  );
  const run = promisify(execFile);
  const seconds = await timed(() =>
    pool(keys, cpus().length, async (key) => {
      const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const path = join(dir, key.replaceAll("/", "_"));
      await writeFile(path, object.Body as Readable);
      await run("clamscan", ["--no-summary", "--stdout", `--database=${database}`, path]);
      await rm(path);
    }),
  );
  return { files: files.length, bytes: sum(files), seconds };
}

/** Small files through the API: from the start of each PUT to `ready`. */
async function latency(stack: Stack, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    // A user per sample: initiates are rate-limited per user.
    const token = await stack.issuer.issue({ sub: `bench_${i}_${Date.now()}`, groups: [] });
    const api = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${stack.urls.app}/trpc`, headers: { authorization: `Bearer ${token}` } })],
    });
    const body = pdf({ size: 64 * 1024 }); // a real PDF: processing parses it before `ready`
    const started = await api.upload.initiate.mutate({
      purpose: "statement",
      filename: "small.pdf",
      contentType: "application/pdf",
      sizeBytes: body.length,
    });
    if (started.method !== "PUT") throw new Error("expected a single PUT");
    const t0 = performance.now();
    const put = await fetch(started.url, { method: "PUT", headers: started.headers, body: new Uint8Array(body) });
    if (!put.ok) throw new Error(`PUT ${put.status}`);
    for (;;) {
      const upload = await Store.get(started.uploadId);
      if (upload?.status === "ready") break;
      if (upload && !["pending", "received", "scanning", "processing"].includes(upload.status))
        throw new Error(`ended ${upload.status}`);
      await sleep(5);
    }
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

const sum = (files: Buffer[]) => files.reduce((n, f) => n + f.length, 0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), "intake-bench-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  console.log(`Intake scan benchmark: ${cpus().length} cores, Node ${process.version}; starting the local stack…`);
  const stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    scan: {
      concurrency: POLLERS,
      batchSize: BATCH,
      retryDelaySeconds: 1,
      waitTimeSeconds: 1,
      sweepIntervalMs: 3_600_000,
    },
    // The scan consumer logs every file at info.
    tunables: { INTAKE_LOG_LEVEL: "warn", ...tunablesFrom(process.env) },
  });
  // The measurements call core directly: against this stack's settings.
  await stack
    .run(() => measure(stack, dataDir))
    .finally(async () => {
      await stack.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
}

async function measure(stack: Stack, dataDir: string) {
  const clamdPort = stack.urls.clamd.split(":")[1];
  const database = join(dataDir, "clamav", "db");
  const cliDir = join(dataDir, "cli");
  await mkdir(cliDir);
  const rows: Array<{ size: string; consumer: Result; raw: Result; cli: Result }> = [];
  for (const [label, size, n, cliN] of [
    ["1 MiB", 1 * MiB, count("small"), count("cli-small")],
    ["50 MiB", 50 * MiB, count("large"), count("cli-large")],
  ] as const) {
    console.log(`${label}: ${n} files through the consumer, raw clamd and ${cliN} through the clamscan command…`);
    const files = Array.from({ length: n }, () => pdfOf(size));
    const consumerResult = await consumer(stack, files);
    const raw = await rawClamd(Number(clamdPort), files, POLLERS * BATCH);
    const cli = await clamscanCli(database, files.slice(0, cliN), cliDir);
    rows.push({ size: label, consumer: consumerResult, raw, cli });
  }
  const samples = count("latency");
  console.log(`latency: ${samples} PUTs of 64 KiB through the API, one at a time…`);
  const times = await latency(stack, samples);

  console.log("\nthroughput                      MiB/s    files/s   (files, seconds)");
  for (const row of rows) {
    for (const [name, r] of [
      ["consumer, end to end", row.consumer],
      ["raw clamd INSTREAM (limit)", row.raw],
      ["clamscan command per file", row.cli],
    ] as const) {
      console.log(
        `${row.size.padEnd(7)} ${name.padEnd(27)} ${f1(mibPerSecond(r)).padStart(7)} ${f2(filesPerSecond(r)).padStart(10)}   (${r.files}, ${f2(r.seconds)} s)`,
      );
    }
  }
  console.log("\nratios");
  for (const row of rows) {
    console.log(
      `${row.size.padEnd(7)} consumer / raw clamd = ${f2(mibPerSecond(row.consumer) / mibPerSecond(row.raw))}` +
        `   consumer / clamscan per file = ${f2(mibPerSecond(row.consumer) / mibPerSecond(row.cli))}` +
        `   (files/s: ${f2(filesPerSecond(row.consumer) / filesPerSecond(row.cli))})`,
    );
  }
  console.log(
    `\nlatency, PUT start → ready (64 KiB, n=${times.length}): p50 ${f1(percentile(times, 50))} ms, p95 ${f1(percentile(times, 95))} ms, max ${f1(times.at(-1)!)} ms`,
  );
  console.log(
    "\nclamd and clamscan use the project's small test signature set; with ClamAV's full database\n" +
      "clamscan spends tens of seconds loading signatures per run, so per-file runs fall much further behind.",
  );
}

await main();
