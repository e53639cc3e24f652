// API load on the local stack (issue 16, "then prove it"; see docs/benchmarks.md, "API load").
//
//   node scripts/setup.mjs -- tsx bench/load.ts [--users 50 --seconds 60 --think 250 --hammer 8]
//   (LOAD_SECONDS=10 for a quick run)
//
// 1. 50 users signed in through /dev/token, each looping for `seconds`: initiate → PUT to S3 →
//    confirm → list → download (of their newest ready file) → GET the file from the files
//    origin, with `think` ms between loops. Prints requests/s, p50/p99 per step, refusals by
//    code (RATE_LIMITED apart: a limit doing its job is not an error) and the 5xx count.
// 2. The same, while one more user sends full batches (refresh, download, get, list) as fast
//    as `hammer` connections allow: the others' p99 against the first run, and how many of
//    the hammering user's calls were limited.
//
// The client is a bounded loop of fetch calls rather than autocannon: each step needs the
// previous answer (the upload id, the presigned URL, the ETag, the download URL), which
// autocannon's fixed request lists cannot express, and the loop times each procedure apart.
import { tunablesFrom } from "@intake/core/settings";
import { ApiLimits } from "@intake/core/api-limits";
import { pdf } from "@intake/testing/files";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { startStack, type Stack } from "../packages/local/src/stack";
import { Recorder, type Summary } from "./load-recorder";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "50" },
    seconds: { type: "string", default: process.env.LOAD_SECONDS ?? "60" },
    think: { type: "string", default: "250" },
    hammer: { type: "string", default: "8" },
  },
});
const USERS = Number(args.users);
const SECONDS = Number(args.seconds);
const THINK_MS = Number(args.think);
const HAMMER = Number(args.hammer);

interface TrpcAnswer {
  status: number;
  code?: string;
  /** The fields of the answers this benchmark reads. */
  data?: {
    uploadId: string;
    method?: string;
    url?: string;
    headers?: Record<string, string>;
    status?: string;
    items?: Array<{ uploadId: string; status: string }>;
  };
}

/** One tRPC call over HTTP, timed under `step`; errors are recorded by their application code. */
async function trpc(
  recorder: Recorder,
  app: string,
  token: string,
  step: string,
  path: string,
  input: unknown,
  method: "GET" | "POST",
): Promise<TrpcAnswer> {
  const url =
    method === "GET" ? `${app}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `${app}/trpc/${path}`;
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(method === "POST" ? { body: JSON.stringify(input) } : {}),
    });
    const body = (await response.json()) as { result?: { data: unknown }; error?: { data?: { appCode?: string } } };
    const code = body.error?.data?.appCode;
    recorder.record(step, performance.now() - started, response.status, code);
    return { status: response.status, code, data: body.result?.data as TrpcAnswer["data"] };
  } catch (error) {
    recorder.record(step, performance.now() - started, 0, `${step}: ${(error as Error).message}`);
    return { status: 0, code: "NETWORK" };
  }
}

/** A plain HTTP step (the S3 PUT, the file GET), timed under `step`. */
async function http(recorder: Recorder, step: string, url: string, init: RequestInit): Promise<Response | undefined> {
  const started = performance.now();
  try {
    const response = await fetch(url, init);
    await response.arrayBuffer();
    recorder.record(
      step,
      performance.now() - started,
      response.status,
      response.ok ? undefined : `HTTP ${response.status}`,
    );
    return response;
  } catch (error) {
    recorder.record(step, performance.now() - started, 0, `${step}: ${(error as Error).message}`);
    return undefined;
  }
}

async function signIn(app: string, sub: string, groups: string[] = []): Promise<string> {
  const response = await fetch(`${app}/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sub, email: `${sub}@example.com`, groups }),
  });
  if (!response.ok) throw new Error(`/dev/token answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

const file = pdf({ size: 1024 });
const statement = {
  purpose: "statement",
  filename: "statement.pdf",
  contentType: "application/pdf",
  sizeBytes: file.length,
};

/** One user's loop until `until`: what a page that uploads and lists would do, paced by `think`. */
async function user(recorder: Recorder, app: string, token: string, until: number): Promise<void> {
  while (performance.now() < until) {
    const started = await trpc(recorder, app, token, "upload.initiate", "upload.initiate", statement, "POST");
    if (started.data?.method === "PUT" && started.data.url) {
      const put = await http(recorder, "S3 PUT", started.data.url, {
        method: "PUT",
        headers: started.data.headers,
        body: new Uint8Array(file),
      });
      const etag = put?.headers.get("etag");
      if (etag) {
        const uploadId = started.data.uploadId;
        await trpc(recorder, app, token, "upload.confirm", "upload.confirm", { uploadId, etag }, "POST");
      }
    }
    const list = await trpc(recorder, app, token, "upload.list", "upload.list", { limit: 20 }, "GET");
    const ready = (list.data?.items as Array<{ uploadId: string; status: string }> | undefined)?.find(
      (item) => item.status === "ready",
    );
    if (ready) {
      const download = await trpc(
        recorder,
        app,
        token,
        "upload.download",
        "upload.download",
        { uploadId: ready.uploadId },
        "POST",
      );
      if (download.data?.url) await http(recorder, "file GET", download.data.url, {});
    }
    await sleep(THINK_MS);
  }
}

/**
 * One user sending full batches on `connections` connections until `until`, alternating a POST of
 * mutations (refresh, download) and a GET of queries (get, list): tRPC runs a batch as one kind.
 */
async function hammer(recorder: Recorder, app: string, token: string, uploadId: string, until: number) {
  const batch = (calls: string[], inputs: (path: string) => unknown) => {
    const paths = Array.from({ length: ApiLimits.maxBatchSize }, (_, i) => calls[i % calls.length]!);
    return { paths: paths.join(","), input: JSON.stringify(Object.fromEntries(paths.map((p, i) => [i, inputs(p)]))) };
  };
  const mutations = batch(["upload.refresh", "upload.download"], () => ({ uploadId }));
  const queries = batch(["upload.get", "upload.list"], (path) =>
    path === "upload.list" ? { limit: 100 } : { uploadId },
  );
  const connection = async () => {
    for (let n = 0; performance.now() < until; n++) {
      const started = performance.now();
      const post = n % 2 === 0;
      const url = post
        ? `${app}/trpc/${mutations.paths}?batch=1`
        : `${app}/trpc/${queries.paths}?batch=1&input=${encodeURIComponent(queries.input)}`;
      try {
        const response = await fetch(url, {
          method: post ? "POST" : "GET",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          ...(post ? { body: mutations.input } : {}),
        });
        const results = (await response.json()) as Array<{ error?: { data?: { appCode?: string } } }>;
        const elapsed = performance.now() - started;
        if (!Array.isArray(results)) recorder.record("hammer batch", elapsed, response.status, "BATCH_REFUSED");
        else
          for (const result of results) {
            recorder.record(
              post ? "hammer mutation" : "hammer query",
              elapsed,
              response.status,
              result.error?.data?.appCode,
            );
          }
      } catch (error) {
        recorder.record("hammer batch", performance.now() - started, 0, `hammer batch: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: HAMMER }, connection));
}

/** Waits until each token's first upload is ready, so every loop has a file to download. */
async function seed(stack: Stack, tokens: string[]) {
  const recorder = new Recorder();
  const app = stack.urls.app;
  const ids = await Promise.all(
    tokens.map(async (token) => {
      const { data: started } = await trpc(recorder, app, token, "seed", "upload.initiate", statement, "POST");
      if (!started?.url) throw new Error("the seed upload was not started");
      const put = await fetch(started.url, {
        method: "PUT",
        headers: started.headers,
        body: new Uint8Array(file),
      });
      const etag = put.headers.get("etag") ?? "";
      await trpc(recorder, app, token, "seed", "upload.confirm", { uploadId: started.uploadId, etag }, "POST");
      return started.uploadId;
    }),
  );
  for (const [i, token] of tokens.entries()) {
    for (let tries = 0; ; tries++) {
      const got = await trpc(recorder, app, token, "seed", "upload.get", { uploadId: ids[i] }, "GET");
      if (got.data?.status === "ready") break;
      if (tries > 600 || !["pending", "received", "scanning", "processing"].includes(got.data?.status ?? "")) {
        throw new Error(`seed upload ${ids[i]} ended ${got.data?.status ?? got.code}`);
      }
      await sleep(200);
    }
  }
  return ids;
}

async function run(stack: Stack, tokens: string[], hammering?: { token: string; uploadId: string }): Promise<Summary> {
  const recorder = new Recorder();
  const others = new Recorder();
  const started = performance.now();
  const until = started + SECONDS * 1000;
  await Promise.all([
    ...tokens.map((token) => user(recorder, stack.urls.app, token, until)),
    ...(hammering ? [hammer(others, stack.urls.app, hammering.token, hammering.uploadId, until)] : []),
  ]);
  const seconds = (performance.now() - started) / 1000;
  return { users: recorder.summary(seconds), hammer: hammering ? others.summary(seconds) : undefined };
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), "intake-bench-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  console.log(
    `Intake API load: ${cpus().length} cores, Node ${process.version}, ${USERS} users, ${SECONDS} s per run, ` +
      `${THINK_MS} ms between loops; starting the local stack…`,
  );
  const stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    scan: { retryDelaySeconds: 1, waitTimeSeconds: 1, sweepIntervalMs: 3_600_000 },
    tunables: { INTAKE_LOG_LEVEL: "error", ...tunablesFrom(process.env) },
  });
  try {
    const stamp = Date.now();
    const tokens = await Promise.all(
      Array.from({ length: USERS }, (_, i) => signIn(stack.urls.app, `load_${i}_${stamp}`)),
    );
    console.log(`${USERS} users signed in; each uploads one file and waits for it to be ready…`);
    await seed(stack, tokens);
    console.log(`run 1: ${USERS} users for ${SECONDS} s…`);
    const first = await run(stack, tokens);
    Recorder.print("run 1", first.users);
    const hammerToken = await signIn(stack.urls.app, `load_hammer_${stamp}`);
    const [hammerUpload] = await seed(stack, [hammerToken]);
    console.log(
      `run 2: the same, with one user sending batches of ${ApiLimits.maxBatchSize} on ${HAMMER} connections…`,
    );
    const second = await run(stack, tokens, { token: hammerToken, uploadId: hammerUpload! });
    Recorder.print("run 2 (the other users)", second.users);
    if (second.hammer) Recorder.print("run 2 (the hammering user)", second.hammer);
    const ratio = second.users.overall.p99 / first.users.overall.p99;
    const p50Ratio = second.users.overall.p50 / first.users.overall.p50;
    console.log(
      `\nthe other users' p99: ${first.users.overall.p99.toFixed(0)} ms → ${second.users.overall.p99.toFixed(0)} ms ` +
        `(${ratio.toFixed(2)}×, target ≤ 1.5×); p50 ${p50Ratio.toFixed(2)}×; the hammering user's calls limited: ` +
        `${second.hammer?.codes.RATE_LIMITED ?? 0} of ${second.hammer?.requests ?? 0}`,
    );
    console.log(
      `targets: zero 5xx (${first.users.serverErrors + second.users.serverErrors + (second.hammer?.serverErrors ?? 0)}), ` +
        `p99 < 500 ms (run 1: ${first.users.overall.p99.toFixed(0)} ms)`,
    );
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
