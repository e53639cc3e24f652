// Events out on the local stack (see docs/benchmarks.md, "Events").
//
//   npm run bench:events [-- --uploads 50 --events 1000]
//
// 1. latency: for small PDFs uploaded one at a time through the API, from the status change
//    (the event's `timestamp`, stamped in the transaction that moved the upload to `ready`)
//    to the receiver's 2xx, through the table's stream, the dispatcher, the delivery queue and
//    the sender;
// 2. throughput: `--events` outbox items written straight to the table (the dispatcher reads
//    them from the table's stream, as it reads Store.transition's), each to 3 endpoints, in
//    deliveries per second; against a baseline in the same run: bare POSTs to the same
//    receivers, as many at once as the local sender runs (4 batches of 10). A second round
//    holds the sender back to time the two halves apart: events → queued deliveries (the
//    stream and the dispatcher; the bench counts the delivery items every 250 ms), then
//    queued deliveries → receivers' 2xx (the sender).
import { db } from "@intake/core/dynamo";
import { eventFor } from "@intake/core/events/outbox";
import type { UploadItem } from "@intake/core/upload/upload.entity";
import type { AppRouter } from "@intake/functions/trpc/router";
import { pdf } from "@intake/testing/files";
import { createTRPCClient, httpLink } from "@trpc/client";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { startStack, type Stack } from "../packages/local/src/stack";
import { sorted, percentile } from "./stats";

const { values: args } = parseArgs({
  options: { uploads: { type: "string", default: "50" }, events: { type: "string", default: "1000" } },
});
const count = (name: keyof typeof args) => Math.max(1, Number(args[name]));
const senderConcurrency = 4 * 10;

interface Receiver {
  url: string;
  /** Resolves when the receiver has answered `n` requests whose body passes `counts`. */
  answered(n: number, counts: (body: { data?: { uploadId?: string } }) => boolean): Promise<void>;
  /** Called with each body and the time its 2xx was sent. */
  onAnswer?: (body: { timestamp: string; data?: { uploadId?: string } }, at: number) => void;
  stop(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const bodies: Array<{ data?: { uploadId?: string } }> = [];
  const waiting: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      res.writeHead(204).end();
      const at = Date.now();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      bodies.push(body);
      receiver.onAnswer?.(body, at);
      for (const wake of waiting.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const receiver: Receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    async answered(n, counts) {
      while (bodies.filter(counts).length < n) await new Promise<void>((wake) => waiting.push(wake));
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

function api(stack: Stack, token: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${stack.urls.app}/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
}

/** Status change → the receiver's 2xx (ms) for `samples` uploads, one at a time. */
async function latency(stack: Stack, receiver: Receiver, samples: number): Promise<number[]> {
  const took = new Map<string, number>();
  receiver.onAnswer = (body, at) => {
    if (body.data?.uploadId) took.set(body.data.uploadId, at - Date.parse(body.timestamp));
  };
  const sub = `bench_${Date.now()}`;
  const owner = api(stack, await stack.issuer.issue({ sub, groups: [] }));
  for (let i = 0; i < samples; i++) {
    const body = pdf();
    const started = await owner.upload.initiate.mutate({
      purpose: "statement",
      filename: `s${i}.pdf`,
      contentType: "application/pdf",
      sizeBytes: body.length,
    });
    if (started.method !== "PUT") throw new Error("expected a single PUT");
    const put = await fetch(started.url, { method: "PUT", headers: started.headers, body: new Uint8Array(body) });
    if (!put.ok) throw new Error(`PUT ${put.status}`);
    await receiver.answered(1, (b) => b.data?.uploadId === started.uploadId);
  }
  receiver.onAnswer = undefined;
  return sorted([...took.values()]);
}

/** The outbox items of `n` uploads of one run having become ready, and which bodies are theirs. */
function outboxEvents(n: number) {
  const run = `bench${Date.now()}`;
  const events = Array.from({ length: n }, (_, i) => {
    const upload = {
      uploadId: `${run}_${i}`,
      ownerId: "bench",
      purpose: "statement",
      status: "ready",
      filename: "s.pdf",
      contentType: "application/pdf",
      sizeBytes: 1000,
    } as UploadItem;
    return eventFor(upload)!;
  });
  const ours = (b: { data?: { uploadId?: string } }) => b.data?.uploadId?.startsWith(`${run}_`) === true;
  return { events, ours };
}

async function write(stack: Stack, events: ReturnType<typeof outboxEvents>["events"]) {
  await stack.run(async () => {
    const unprocessed = await db().event.put(events).go({ concurrency: 4 });
    if (unprocessed.unprocessed.length > 0) throw new Error("some events were not written");
  });
}

/** Seconds from writing `n` outbox events until all 3 receivers have answered every one. */
async function dispatched(stack: Stack, receivers: Receiver[], n: number): Promise<number> {
  const { events, ours } = outboxEvents(n);
  const t0 = performance.now();
  const done = Promise.all(receivers.map((r) => r.answered(n, ours)));
  await write(stack, events);
  await done;
  return (performance.now() - t0) / 1000;
}

/** The same, the sender held back: seconds until every delivery exists, then until every one is answered. */
async function halves(
  stack: Stack,
  receivers: Receiver[],
  endpointIds: string[],
  n: number,
): Promise<[number, number]> {
  const { events, ours } = outboxEvents(n);
  const deliveries = () =>
    stack.run(async () => {
      let total = 0;
      for (const endpointId of endpointIds) {
        const found = await db()
          .delivery.query.byEndpoint({ endpointId })
          .go({ pages: "all", attributes: ["deliveryId", "status"] });
        total += found.data.filter((d) => d.status === "pending").length;
      }
      return total;
    });
  await stack.consumers.sender.pause();
  const t0 = performance.now();
  await write(stack, events);
  while ((await deliveries()) < endpointIds.length * n) await sleep(250);
  const t1 = performance.now();
  const done = Promise.all(receivers.map((r) => r.answered(n, ours)));
  stack.consumers.sender.resume();
  await done;
  return [(t1 - t0) / 1000, (performance.now() - t1) / 1000];
}

/** Seconds for `n` bare POSTs to each receiver, `concurrency` at a time, a connection each (as the sender). */
async function barePosts(receivers: Receiver[], n: number, concurrency: number): Promise<number> {
  const body = JSON.stringify({ type: "document.ready", timestamp: new Date().toISOString(), data: {} });
  const urls = receivers.flatMap((r) => Array.from({ length: n }, () => r.url));
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let url = urls.shift(); url; url = urls.shift()) {
        await new Promise<void>((resolve, reject) => {
          const req = request(url, { method: "POST", agent: false, headers: { "content-type": "application/json" } });
          req.on("response", (res) => res.resume().on("end", resolve));
          req.on("error", reject);
          req.end(body);
        });
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), "intake-bench-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  console.log(`Intake events benchmark: ${cpus().length} cores, Node ${process.version}; starting the local stack…`);
  const stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    scan: { waitTimeSeconds: 1 },
    tunables: { INTAKE_LOG_LEVEL: "error", INTAKE_INITIATES_PER_MINUTE: "1000" },
  });
  const receivers = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
  try {
    const admin = api(stack, await stack.issuer.issue({ sub: "bench_admin", groups: ["admins"] }));
    const subscribe = async (r: Receiver) =>
      (await admin.admin.webhooks.create.mutate({ url: r.url, events: ["document.ready"] })).endpointId;
    const endpointIds = [await subscribe(receivers[0]!)];

    const samples = count("uploads");
    const ms = await latency(stack, receivers[0]!, samples);
    console.log(`\nstatus change → receiver's 2xx, ${samples} uploads one at a time (ms)`);
    console.log(`p50 ${percentile(ms, 50)}   p95 ${percentile(ms, 95)}   max ${ms.at(-1)}`);

    endpointIds.push(await subscribe(receivers[1]!), await subscribe(receivers[2]!));
    const n = count("events");
    const seconds = await dispatched(stack, receivers, n);
    const bare = await barePosts(receivers, n, senderConcurrency);
    const rate = (3 * n) / seconds;
    const bareRate = (3 * n) / bare;
    console.log(`\n${n} events × 3 endpoints = ${3 * n} deliveries`);
    console.log(`through the outbox: ${seconds.toFixed(1)} s, ${rate.toFixed(0)} deliveries/s`);
    console.log(`bare POSTs, ${senderConcurrency} at a time: ${bare.toFixed(1)} s, ${bareRate.toFixed(0)} POSTs/s`);
    console.log(`the pipeline runs at ${((100 * rate) / bareRate).toFixed(1)}% of the bare POST rate`);
    const [dispatching, sending] = await halves(stack, receivers, endpointIds, n);
    console.log(
      `held apart: events → ${3 * n} queued deliveries ${dispatching.toFixed(1)} s (${((3 * n) / dispatching).toFixed(0)}/s),`,
    );
    console.log(`            queued → answered ${sending.toFixed(1)} s (${((3 * n) / sending).toFixed(0)}/s)`);
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
  } finally {
    for (const r of receivers) await r.stop();
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
