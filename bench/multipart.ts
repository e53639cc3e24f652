// npm run bench:multipart — one file (1 GiB by default, BENCH_SIZE_MIB to change) through
// Intake's multipart path (the web engine in Node, parts 1/2/4/8 at a time), as one presigned
// PUT, and through tus, all to the same local S3. Prints MiB/s and the ratios.
import { DeleteObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { signPut } from "@intake/core/upload/presign";
import { s3ClientConfig } from "@intake/local/s3/server";
import { setMaxListeners } from "node:events";
import { openAsBlob } from "node:fs";
import { open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { sendInParts } from "../packages/web/src/upload/multipart/send-in-parts";
import { fetchTransport } from "../packages/web/src/upload/multipart/transport";
import type { MultipartApi } from "../packages/web/src/upload/multipart/api";
import { buckets, credentials, region } from "./bench-config";
import { startBenchStack } from "./local-s3-api";
import { startTus, tusUpload } from "./tus-upload";

const MiB = 1024 * 1024;
const sizeMiB = Number(process.env.BENCH_SIZE_MIB ?? 1024);
const size = sizeMiB * MiB;
const curve = [1, 2, 4, 8];
const headline = 4; // the engine's default
// Uppy adds one abort listener per queued part to a shared signal; Node warns past 10.
setMaxListeners(10_000);

async function writeSource(path: string) {
  // Not sparse and not one repeated byte: 1 MiB of varied bytes, written sizeMiB times.
  const block = Buffer.alloc(MiB);
  for (let i = 0; i < block.length; i++) block[i] = (i * 2654435761) >>> 24;
  block.write("%PDF-1.7\n");
  const file = await open(path, "w");
  for (let i = 0; i < sizeMiB; i++) await file.write(block);
  await file.close();
}

const runs = Number(process.env.BENCH_RUNS ?? 1);

/** The median of BENCH_RUNS runs, in seconds; `cleanUp` (untimed) deletes what a run stored. */
async function timed<T>(run: () => Promise<T>, cleanUp: (result: T) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await run();
    times.push((performance.now() - started) / 1000);
    await cleanUp(result);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const rate = (seconds: number) => sizeMiB / seconds;

async function main() {
  const stack = await startBenchStack(Math.max(size, 100 * MiB));
  const tus = await startTus(stack.s3Endpoint);
  const s3 = new S3Client(s3ClientConfig(stack.s3Endpoint, credentials, region));
  const source = join(stack.dir, "source.pdf");
  try {
    await writeSource(source);
    const blob = await openAsBlob(source, { type: "application/pdf" });
    const file = Object.assign(blob, { name: "bench.pdf", lastModified: Date.now() });
    console.log(`intake bench: ${sizeMiB} MiB, median of ${runs} run(s) each, local S3 at ${stack.s3Endpoint}`);

    const results: Array<{ name: string; seconds: number }> = [];
    const record = (name: string, seconds: number) => {
      results.push({ name, seconds });
      console.log(
        `  ${name.padEnd(28)} ${seconds.toFixed(2).padStart(7)} s  ${rate(seconds).toFixed(1).padStart(7)} MiB/s`,
      );
    };

    // One presigned PUT of the whole file (the API refuses single PUTs above 16 MiB; this signs directly).
    const key = "staging/bench/single.pdf";
    record(
      "presigned PUT (one request)",
      await timed(
        async () => {
          const signed = await stack.run(() => signPut({ key, contentType: "application/pdf", sizeBytes: size }));
          const response = await fetch(signed.url, { method: "PUT", headers: signed.headers, body: blob });
          if (response.status !== 200) throw new Error(`PUT: HTTP ${response.status} ${await response.text()}`);
        },
        () => s3.send(new DeleteObjectCommand({ Bucket: buckets.staging, Key: key })),
      ),
    );

    // complete is timed on its own: S3 joins the parts then, one pass over the whole file.
    let completeSeconds = 0;
    const api = {
      upload: {
        signParts: stack.trpc.upload.signParts,
        listParts: stack.trpc.upload.listParts,
        refresh: stack.trpc.upload.refresh,
        abort: stack.trpc.upload.abort,
        complete: {
          mutate: async (input: Parameters<typeof stack.trpc.upload.complete.mutate>[0]) => {
            const started = performance.now();
            try {
              return await stack.trpc.upload.complete.mutate(input);
            } finally {
              completeSeconds = (performance.now() - started) / 1000;
            }
          },
        },
      },
    } as unknown as MultipartApi;

    for (const concurrency of curve) {
      record(
        `multipart, ${concurrency} part(s) at a time`,
        await timed(
          async () => {
            const started = await stack.trpc.upload.initiate.mutate({
              purpose: "statement",
              filename: "bench.pdf",
              contentType: "application/pdf",
              sizeBytes: size,
            });
            if (started.method !== "MULTIPART") throw new Error("expected a multipart upload");
            await sendInParts(api, file, "statement", started, { transport: fetchTransport, concurrency });
            return started.uploadId;
          },
          (uploadId) =>
            s3.send(new DeleteObjectCommand({ Bucket: buckets.staging, Key: `staging/bench/${uploadId}.pdf` })),
        ),
      );
      const partsSeconds = results.at(-1)!.seconds - completeSeconds;
      console.log(
        `    of which complete (s3rver joins the parts): ${completeSeconds.toFixed(2)} s; the parts alone ${rate(partsSeconds).toFixed(1)} MiB/s`,
      );
    }

    const body = await readFile(source);
    record(
      "tus (@tus/s3-store)",
      await timed(
        () => tusUpload(tus.endpoint, body),
        (url) => s3.send(new DeleteObjectCommand({ Bucket: buckets.tus, Key: url.split("/").pop()! })),
      ),
    );

    const seconds = (name: string) => results.find((r) => r.name.startsWith(name))!.seconds;
    const put = seconds("presigned PUT");
    const multipart = seconds(`multipart, ${headline} `);
    const viaTus = seconds("tus");
    console.log("\nratios (throughput, higher is faster):");
    console.log(`  multipart (${headline} at a time) / presigned PUT  ${(put / multipart).toFixed(2)}`);
    console.log(`  multipart (${headline} at a time) / tus            ${(viaTus / multipart).toFixed(2)}`);
    console.log(`  tus / presigned PUT                    ${(put / viaTus).toFixed(2)}`);
    const best = Math.min(...curve.map((c) => seconds(`multipart, ${c} `)));
    console.log(
      `  concurrency curve vs 1 at a time: ${curve.map((c) => `${c}→${(seconds("multipart, 1 ") / seconds(`multipart, ${c} `)).toFixed(2)}`).join("  ")} (best ${rate(best).toFixed(1)} MiB/s)`,
    );
  } finally {
    s3.destroy();
    await tus.stop();
    await stack.stop();
    await rm(source, { force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
