// The processing stage on the local stack (see docs/benchmarks.md, "Processing").
//
//   npm run bench:processing [-- --latency 20 --throughput 12]
//
// 1. latency: PUT → `ready` through the API for small PDFs and JPEGs, one at a time, split at
//    the clean verdict: PUT → scanned is the path without processing (what `ready` took before
//    the stage existed), scanned → ready is what processing adds, both from the same uploads;
// 2. throughput: the inspectors alone on 1 MiB JPEGs and 10-page PDFs, two at a time (the
//    local consumer's concurrency), in files per second.
import { Process } from "@intake/core/process";
import { inspect } from "@intake/core/process/inspect";
import { Store } from "@intake/core/upload/store";
import type { AppRouter } from "@intake/functions/trpc/router";
import * as images from "@intake/testing/corpus/images";
import * as pdfs from "@intake/testing/corpus/pdfs";
import { createTRPCClient, httpLink } from "@trpc/client";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { startStack, type Stack } from "../packages/local/src/stack";
import { sorted, percentile } from "./stats";

const { values: args } = parseArgs({
  options: { latency: { type: "string", default: "20" }, throughput: { type: "string", default: "12" } },
});
const count = (name: keyof typeof args) => Math.max(1, Number(args[name]));

interface Kind {
  name: string;
  purpose: "statement" | "invoice";
  contentType: string;
  body: () => Promise<Buffer>;
}
const small: Kind[] = [
  {
    name: "PDF, 3 pages",
    purpose: "statement",
    contentType: "application/pdf",
    body: async () => Buffer.from(await pdfs.clean()),
  },
  {
    name: "JPEG, 640×480",
    purpose: "invoice",
    contentType: "image/jpeg",
    body: async () => images.jpeg(images.pattern(640, 480)),
  },
];

/** PUT → scanned and scanned → ready (ms) for each of `samples` uploads, one at a time. */
async function latency(stack: Stack, kind: Kind, samples: number) {
  const scan: number[] = [];
  const processing: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < samples; i++) {
    const token = await stack.issuer.issue({ sub: `bench_${i}_${Date.now()}`, groups: [] });
    const api = createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${stack.urls.app}/trpc`, headers: { authorization: `Bearer ${token}` } })],
    });
    const body = await kind.body();
    const started = await api.upload.initiate.mutate({
      purpose: kind.purpose,
      filename: "sample",
      contentType: kind.contentType,
      sizeBytes: body.length,
    });
    if (started.method !== "PUT") throw new Error("expected a single PUT");
    const t0 = Date.now();
    const put = await fetch(started.url, { method: "PUT", headers: started.headers, body: new Uint8Array(body) });
    if (!put.ok) throw new Error(`PUT ${put.status}`);
    for (;;) {
      const upload = await stack.run(() => Store.get(started.uploadId));
      if (upload?.status === "ready") {
        // Both stamps are written by the consumers themselves, on the same clock as t0.
        const scanned = Date.parse(upload.scannedAt!);
        const ready = Date.parse(upload.processing!.processedAt!);
        scan.push(scanned - t0);
        processing.push(ready - scanned);
        total.push(ready - t0);
        break;
      }
      if (upload && !["pending", "received", "scanning", "processing"].includes(upload.status))
        throw new Error(`${kind.name} ended ${upload.status} ${upload.statusReason ?? ""}`);
      await sleep(5);
    }
  }
  return { scan: sorted(scan), processing: sorted(processing), total: sorted(total) };
}

/** Files per second through the inspector alone, `concurrency` at a time. */
async function throughput(stack: Stack, contentType: string, files: Buffer[], concurrency = 2): Promise<number> {
  const queue = [...files];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        const result = await stack.run(() => inspect(file, contentType, Process.limits()));
        if (result.result !== "clean") throw new Error(`${contentType}: ${result.result}`);
      }
    }),
  );
  return files.length / ((performance.now() - t0) / 1000);
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), "intake-bench-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  console.log(
    `Intake processing benchmark: ${cpus().length} cores, Node ${process.version}; starting the local stack…`,
  );
  const stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    scan: { waitTimeSeconds: 1 },
    tunables: { INTAKE_LOG_LEVEL: "error", INTAKE_INITIATES_PER_MINUTE: "1000" },
  });
  try {
    const samples = count("latency");
    console.log("\nlatency (ms)        PUT → scanned (no processing)    scanned → ready (processing)    PUT → ready");
    console.log("                    p50      p95                     p50      p95                    p50      p95");
    for (const kind of small) {
      const t = await latency(stack, kind, samples);
      const cols = [t.scan, t.processing, t.total].map((v) => `${fmt(percentile(v, 50))} ${fmt(percentile(v, 95))}`);
      console.log(`${kind.name.padEnd(20)}${cols[0]}                ${cols[1]}               ${cols[2]}`);
      console.log(
        `${"".padEnd(20)}processing adds ${percentile(t.processing, 50)} ms at p50: ${(percentile(t.total, 50) / percentile(t.scan, 50)).toFixed(2)}× the path without it`,
      );
    }

    const n = count("throughput");
    const jpegs = Array.from({ length: n }, (_, i) => images.jpeg(images.pattern(1000, 700, i)));
    const tenPages = await Promise.all(Array.from({ length: n }, () => pdfs.clean({ pages: 10 })));
    const jpegRate = await throughput(stack, "image/jpeg", jpegs);
    const pdfRate = await throughput(
      stack,
      "application/pdf",
      tenPages.map((b) => Buffer.from(b)),
    );
    const meanMiB = jpegs.reduce((sum, j) => sum + j.length, 0) / jpegs.length / 1024 / 1024;
    console.log("\nthroughput (inspector alone, 2 at a time)      files/s");
    console.log(`JPEG, ${meanMiB.toFixed(2)} MiB, 1000×700                 ${jpegRate.toFixed(2)}`);
    console.log(`PDF, 10 pages                                ${pdfRate.toFixed(2)}`);
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const fmt = (ms: number) => String(Math.round(ms)).padStart(5);

await main();
