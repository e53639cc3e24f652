// The scan and processing consumers against their floor, in one run on the local stack.
//
//   npm run bench:consumers [-- --scan 40 --jpeg 12 --pdf 40 --pollers 2 --batch 10]
//
// For each stage and file kind:
// - the consumer end to end: N files staged, each with its own owner, while the consumer is
//   paused, then timed from its release until every file has left the stage;
// - the floor: the same S3, clamd, DynamoDB and SQS requests (and the same inspector) the
//   consumer issues per file, issued directly with the same SDK clients at the same
//   concurrency (pollers × batch), without the poller, the handler or the lifecycle code.
// The requests each side really issued are counted (SDK middleware, clamd connections) and
// printed per file, so the floor can be seen to be the same work.
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Actor } from "@intake/core/actor";
import { dynamodb, s3, sqs } from "@intake/core/aws";
import { db } from "@intake/core/dynamo";
import { InvoiceFields } from "@intake/core/fields/index";
import { Keys } from "@intake/core/keys";
import { Process } from "@intake/core/process";
import { inspect } from "@intake/core/process/inspect";
import { toRecord } from "@intake/core/process/progress";
import { sha256 } from "@intake/core/process/storage";
import { destination } from "@intake/core/scan/storage";
import { settings } from "@intake/core/settings";
import { normalizeEtag } from "@intake/core/upload/etag";
import { Store } from "@intake/core/upload/store";
import * as images from "@intake/testing/corpus/images";
import * as pdfs from "@intake/testing/corpus/pdfs";
import { randomUUID } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import type { Socket } from "node:net";
import { cpus, loadavg as osLoadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { startStack, type Stack } from "../packages/local/src/stack";
import { instream, pdfOf, pool, stagePending } from "./scan-work";

const MiB = 1024 * 1024;
const { values: args } = parseArgs({
  options: {
    scan: { type: "string", default: "40" },
    jpeg: { type: "string", default: "12" },
    pdf: { type: "string", default: "40" },
    pollers: { type: "string", default: "2" },
    batch: { type: "string", default: "10" },
  },
});
const count = (name: keyof typeof args) => Math.max(1, Number(args[name]));
const POLLERS = count("pollers");
const BATCH = count("batch");
if (BATCH > 10) throw new Error("--batch is at most 10, SQS's limit on messages per receive: raise --pollers instead");
/** The consumer's slots (pollers × records per receive): the floor's concurrency too. */
const SLOTS = POLLERS * BATCH;

// --- counting what each side issues -------------------------------------------------------

/** Requests by who issued them: the consumers' actors ("scanner", "processor"), "floor", or "-". */
const issued = new Map<string, Map<string, number>>();
let clamdPort = 0;

/** Every request that names an upload, with when it was sent and answered. */
const timed: Array<{ who: string; upload: string; what: string; began: number; ended: number }> = [];

function tally(who: string, what: string): void {
  const mine = issued.get(who) ?? new Map<string, number>();
  mine.set(what, (mine.get(what) ?? 0) + 1);
  issued.set(who, mine);
}

function whoIsAsking(): string {
  try {
    const actor = Actor.use();
    return actor.type === "system" ? actor.properties.name : "user";
  } catch {
    return "-"; // the pollers, the bench's own staging
  }
}

/** Counts every request a client sends, by command and by whose async context sent it. */
function countRequests(client: S3Client | DynamoDBClient | ReturnType<typeof sqs>, service: string): void {
  // The three clients share one middleware stack type; S3's stands for all.
  (client as S3Client).middlewareStack.add(
    (next, context) => async (request) => {
      const who = whoIsAsking();
      const upload = /upl_[0-9a-f]{32}/.exec(JSON.stringify((request as { input?: unknown }).input ?? {}))?.[0];
      const began = performance.now();
      try {
        return await next(request);
      } finally {
        // Counted once answered: the last request of a file then marks it finished.
        const what = `${service} ${(context.commandName ?? "?").replace(/Command$/, "")}`;
        tally(who, what);
        if (upload) timed.push({ who, upload, what, began, ended: performance.now() });
      }
    },
    { step: "initialize", name: "benchCountRequests" },
  );
}

/** Counts connections to clamd (one per INSTREAM, whoever opens it). */
subscribe("net.client.socket", (message) => {
  const { socket } = message as { socket: Socket };
  const who = whoIsAsking();
  socket.once("connect", () => {
    if (socket.remotePort === clamdPort) tally(who, "clamd INSTREAM");
  });
});

/**
 * Per step of a file (its requests in order): the mean time the request took and the mean
 * time before it since the previous one answered (the consumer's or the floor's own work:
 * clamd, the inspector), in ms, over the files of `ids`.
 */
function stepsOf(who: string, ids: string[]): Array<{ step: string; requestMs: number; beforeMs: number }> {
  const mine = new Set(ids);
  const byFile = new Map<string, typeof timed>();
  for (const request of timed) {
    if (request.who !== who || !mine.has(request.upload)) continue;
    byFile.set(request.upload, [...(byFile.get(request.upload) ?? []), request]);
  }
  const steps = new Map<string, { request: number[]; before: number[] }>();
  for (const requests of byFile.values()) {
    requests.sort((a, b) => a.began - b.began);
    requests.forEach((request, i) => {
      const step = `${i + 1}. ${request.what}`;
      const times = steps.get(step) ?? { request: [], before: [] };
      times.request.push(request.ended - request.began);
      times.before.push(i === 0 ? 0 : request.began - requests[i - 1]!.ended);
      steps.set(step, times);
    });
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  return [...steps].map(([step, t]) => ({ step, requestMs: mean(t.request), beforeMs: mean(t.before) }));
}

function snapshot(who: string): Map<string, number> {
  return new Map(issued.get(who) ?? []);
}

function since(before: Map<string, number>, who: string): Map<string, number> {
  const now = issued.get(who) ?? new Map<string, number>();
  return new Map([...now].map(([what, n]) => [what, n - (before.get(what) ?? 0)] as const).filter(([, n]) => n > 0));
}

// --- staging ----------------------------------------------------------------------------

interface Kind {
  label: string;
  purpose: "statement" | "receipt";
  contentType: string;
  filename: string;
  files: (n: number) => Promise<Buffer[]>;
}

const scanKind: Kind = {
  label: "scan, 1 MiB PDF",
  purpose: "statement",
  contentType: "application/pdf",
  filename: "bench.pdf",
  files: async (n) => Array.from({ length: n }, () => pdfOf(1 * MiB)),
};
const processKinds: Kind[] = [
  {
    // A receipt: JPEGs are only accepted for invoices and receipts, so its fields are read (OCR) too.
    label: "processing, JPEG 640×480 receipt",
    purpose: "receipt",
    contentType: "image/jpeg",
    filename: "receipt.jpg",
    files: async (n) => Array.from({ length: n }, (_, i) => images.jpeg(images.pattern(640, 480, i))),
  },
  {
    label: "processing, PDF 3 pages statement",
    purpose: "statement",
    contentType: "application/pdf",
    filename: "statement.pdf",
    files: async (n) => Promise.all(Array.from({ length: n }, async () => Buffer.from(await pdfs.clean()))),
  },
];

/** Waits until every upload is in one of `statuses` (a status outside `passing` is an error). */
async function settled(ids: string[], statuses: string[], passing: string[], intervalMs: number): Promise<void> {
  const waiting = new Set(ids);
  const deadline = Date.now() + 180_000;
  while (waiting.size > 0) {
    for (const id of [...waiting]) {
      const upload = await Store.get(id);
      if (!upload || passing.includes(upload.status)) continue;
      if (!statuses.includes(upload.status))
        throw new Error(`${id} ended ${upload.status} ${upload.statusReason ?? ""}`);
      waiting.delete(id);
    }
    if (waiting.size === 0) break;
    if (Date.now() > deadline) throw new Error(`${waiting.size} uploads never settled`);
    await sleep(intervalMs);
  }
}

/**
 * Resolves once `who` has issued `request` `n` more times: the consumer's last request per
 * file marks it done, so finishing is seen without polling the table while it is timed.
 */
async function issuedTimes(who: string, request: string, n: number): Promise<void> {
  const target = (issued.get(who)?.get(request) ?? 0) + n;
  const deadline = Date.now() + 180_000;
  while ((issued.get(who)?.get(request) ?? 0) < target) {
    if (Date.now() > deadline) throw new Error(`${who} issued ${request} fewer than ${n} times`);
    await sleep(5);
  }
}

interface Run {
  files: number;
  steps: ReturnType<typeof stepsOf>;
  seconds: number;
  requests: Map<string, number>;
}

// --- the consumers ----------------------------------------------------------------------

/** The scan consumer on `files` (processing paused): timed from release until every one is `processing`. */
async function scanConsumer(stack: Stack, kind: Kind, files: Buffer[]): Promise<{ run: Run; ids: string[] }> {
  await stack.consumers.scan.pause();
  const ids = await stagePending(kind, files);
  await sleep(500); // every S3 event queued
  const before = snapshot("scanner");
  const t0 = performance.now();
  stack.consumers.scan.resume();
  // The scanner's last request per clean file is the processing message; the poller's delete follows it.
  await issuedTimes("scanner", "sqs SendMessage", ids.length);
  const seconds = (performance.now() - t0) / 1000;
  await settled(ids, ["processing"], ["pending", "scanning"], 100);
  const requests = since(before, "scanner");
  return { run: { files: ids.length, seconds, requests, steps: stepsOf("scanner", ids) }, ids };
}

/** The processing consumer on uploads waiting in `processing`: timed from release until every one is `ready`. */
async function processConsumer(stack: Stack, ids: string[]): Promise<Run> {
  const before = snapshot("processor");
  const t0 = performance.now();
  stack.consumers.process.resume();
  await issuedTimes("processor", "dynamodb TransactWriteItems", ids.length);
  const seconds = (performance.now() - t0) / 1000;
  await stack.consumers.process.pause();
  await settled(ids, ["ready"], ["processing"], 100);
  return { files: ids.length, seconds, requests: since(before, "processor"), steps: stepsOf("processor", ids) };
}

/**
 * Uploads as a clean scan leaves them: `processing`, the verdict recorded, the bytes in
 * production with the scanner's metadata. `queue`: with their processing message sent.
 */
async function stageProcessing(kind: Kind, n: number, queue: boolean): Promise<string[]> {
  const { buckets, pendingTtlSeconds } = settings();
  const ids: string[] = [];
  await pool(await kind.files(n), 4, async (body) => {
    const uploadId = `upl_${randomUUID().replaceAll("-", "")}`;
    const ownerId = `bench_${randomUUID().slice(0, 8)}`;
    const key = Keys.production(ownerId, uploadId, kind.contentType);
    const put = await s3().send(
      new PutObjectCommand({
        Bucket: buckets.production,
        Key: key,
        Body: body,
        ContentType: kind.contentType,
        ContentDisposition: Keys.contentDisposition(Keys.servedFilename(kind.filename, kind.contentType)),
        Metadata: { "upload-id": uploadId, "owner-id": ownerId, purpose: kind.purpose, verdict: "clean" },
        ServerSideEncryption: "AES256",
      }),
    );
    const etag = normalizeEtag(put.ETag ?? "");
    await db()
      .upload.create({
        uploadId,
        ownerId,
        purpose: kind.purpose,
        filename: kind.filename,
        contentType: kind.contentType,
        sizeBytes: body.length,
        status: "processing",
        stagingKey: Keys.staging(ownerId, uploadId, kind.contentType),
        expiresAt: new Date(Date.now() + pendingTtlSeconds * 1000).toISOString(),
        etag,
        scanVerdict: "clean",
        detectedType: kind.contentType,
        signatures: [],
        scannedEtag: etag,
        scannedAt: new Date().toISOString(),
        scanAttempts: 1,
        revision: 2,
      })
      .go();
    if (queue) await Process.enqueue({ uploadId });
    ids.push(uploadId);
  });
  return ids;
}

// --- the floor --------------------------------------------------------------------------

const floorActor = { type: "system", properties: { name: "floor" } } as const;

/** The scan consumer's requests for one clean file, in its order, and nothing else. */
async function scanFloorOne(uploadId: string): Promise<void> {
  const { buckets } = settings();
  const upload = (await Store.get(uploadId))!; // DynamoDB GetItem
  const scanning = (await Store.transition(upload, { from: "pending", to: "scanning", attempt: true }))!; // UpdateItem
  const object = await s3().send(new GetObjectCommand({ Bucket: buckets.staging, Key: upload.stagingKey }));
  const reply = await instream(clamdPort, object.Body as Readable);
  if (reply !== "stream: OK") throw new Error(`clamd said ${reply}`);
  const outcome = {
    verdict: "clean" as const,
    detectedType: upload.contentType,
    signatures: [],
    etag: normalizeEtag(object.ETag ?? ""),
  };
  const recorded = (await Store.recordVerdict(scanning, outcome))!; // UpdateItem
  const target = destination(recorded, outcome);
  await s3().send(
    new CopyObjectCommand({
      CopySource: `${buckets.staging}/${upload.stagingKey}`,
      CopySourceIfMatch: `"${outcome.etag}"`,
      Bucket: target.bucket,
      Key: target.key,
      MetadataDirective: "REPLACE",
      Metadata: { "upload-id": upload.uploadId, "owner-id": upload.ownerId, purpose: upload.purpose, verdict: "clean" },
      ContentType: upload.contentType,
      ContentDisposition: Keys.contentDisposition(Keys.servedFilename(upload.filename, upload.contentType)),
      ServerSideEncryption: "AES256",
    }),
  );
  await s3().send(new DeleteObjectCommand({ Bucket: buckets.staging, Key: upload.stagingKey }));
  const done = await Store.transition(recorded, { from: "scanning", to: "processing" }); // UpdateItem
  if (done?.status !== "processing") throw new Error(`${uploadId}: not moved to processing`);
  await Process.enqueue({ uploadId }); // SQS SendMessage
}

/** The processing consumer's requests for one clean file, in its order, with the same inspector. */
async function processFloorOne(uploadId: string): Promise<void> {
  const { buckets } = settings();
  const upload = (await Store.get(uploadId))!; // DynamoDB GetItem
  const counted = (await Store.countProcessAttempt(upload))!; // UpdateItem
  const Key = Keys.production(upload.ownerId, upload.uploadId, upload.contentType);
  const object = await s3().send(new GetObjectCommand({ Bucket: buckets.production, Key }));
  const bytes = await object.Body!.transformToByteArray();
  const wantsFields = (InvoiceFields.purposes as readonly string[]).includes(upload.purpose);
  const inspection = await inspect(bytes, upload.contentType, Process.limits(), { text: wantsFields });
  if (inspection.result !== "clean") throw new Error(`${uploadId}: ${inspection.result}`);
  const fields = wantsFields
    ? await InvoiceFields.fields({
        bytes,
        contentType: upload.contentType,
        purpose: upload.purpose as "receipt",
        text: inspection.text,
        pageCount: inspection.metadata.pageCount,
        limits: { timeoutMs: Process.limits().timeoutMs, maxPixels: Process.limits().maxPixels },
      })
    : undefined;
  const replacement = inspection.replacement;
  const result = toRecord(inspection, replacement && sha256(replacement), fields);
  const recorded = (await Store.recordProcessing(counted, result))!; // UpdateItem
  let stored: { sizeBytes: number; etag: string; checksumSha256: string } | undefined;
  if (replacement) {
    // As the consumer: one HEAD, to see whether production already holds the replacement and for its headers.
    const head = await s3().send(new HeadObjectCommand({ Bucket: buckets.production, Key }));
    const checksumSha256 = sha256(replacement);
    const put = await s3().send(
      new PutObjectCommand({
        Bucket: buckets.production,
        Key,
        Body: replacement,
        ContentLength: replacement.length,
        ChecksumSHA256: checksumSha256,
        ContentType: head.ContentType,
        ContentDisposition: head.ContentDisposition,
        Metadata: { ...head.Metadata, "processed-sha256": checksumSha256 },
        ServerSideEncryption: "AES256",
      }),
    );
    stored = { sizeBytes: replacement.length, etag: normalizeEtag(put.ETag ?? ""), checksumSha256 };
  }
  const done = await Store.transition(recorded, {
    from: "processing",
    to: "ready",
    set: { processing: { ...result, ...(stored ? { stored } : {}), processedAt: new Date().toISOString() } },
  }); // GetItem + TransactWriteItems (the upload and its event)
  if (done?.status !== "ready") throw new Error(`${uploadId}: not ready`);
}

async function floor(ids: string[], one: (id: string) => Promise<void>): Promise<Run> {
  const before = snapshot("floor");
  const t0 = performance.now();
  await Actor.provide(floorActor, () => pool(ids, SLOTS, one));
  const seconds = (performance.now() - t0) / 1000;
  return { files: ids.length, seconds, requests: since(before, "floor"), steps: stepsOf("floor", ids) };
}

// --- the run ----------------------------------------------------------------------------

interface Row {
  label: string;
  consumer: Run;
  floor: Run;
}

/** PDF.js workers and OCR started before each side is timed: the PDF inspector keeps up to 4 warm. */
async function warmUp(kind: Kind): Promise<void> {
  await Promise.all((await kind.files(4)).map((file) => warmOne(kind, file)));
}

async function warmOne(kind: Kind, file: Buffer): Promise<void> {
  const inspection = await inspect(file, kind.contentType, Process.limits(), { text: kind.purpose === "receipt" });
  if (inspection.result === "clean" && kind.purpose === "receipt") {
    const { timeoutMs, maxPixels } = Process.limits();
    await InvoiceFields.fields({
      bytes: file,
      contentType: kind.contentType,
      purpose: "receipt",
      text: inspection.text,
      limits: { timeoutMs, maxPixels },
    });
  }
}

async function measure(stack: Stack): Promise<Row[]> {
  clamdPort = Number(stack.urls.clamd.split(":").at(-1));
  countRequests(s3(), "s3");
  countRequests(dynamodb(), "dynamodb");
  countRequests(sqs(), "sqs");
  const rows: Row[] = [];
  await stack.consumers.process.pause();

  // An untimed round first: the emulators (DynamoDB Local's JIT above all) are slow on their first requests.
  console.log("warming up: 20 PDFs through the processing consumer, untimed…");
  const pdf = processKinds.find((kind) => kind.contentType === "application/pdf")!;
  await warmUp(pdf);
  await processConsumer(stack, await stageProcessing(pdf, 20, true));

  // Processing first: its uploads are staged as a clean scan leaves them, without the scanner.
  for (const kind of processKinds) {
    const k = count(kind.contentType === "image/jpeg" ? "jpeg" : "pdf");
    console.log(`${kind.label}: ${k} files through the consumer, then ${k} through the floor…`);
    const consumerIds = await stageProcessing(kind, k, true);
    await warmUp(kind);
    const consumer = await processConsumer(stack, consumerIds);
    const ids = await stageProcessing(kind, k, false);
    await warmUp(kind);
    rows.push({ label: kind.label, consumer, floor: await floor(ids, processFloorOne) });
  }

  // The scan last: what it hands to processing stays queued (processing stays paused), and
  // the S3 events of the floor's files stay queued (the scan consumer stays paused).
  const n = count("scan");
  console.log(`${scanKind.label}: ${n} files through the consumer, then ${n} through the floor…`);
  const scanned = await scanConsumer(stack, scanKind, await scanKind.files(n));
  await stack.consumers.scan.pause();
  const floorIds = await stagePending(scanKind, await scanKind.files(n));
  rows.push({ label: scanKind.label, consumer: scanned.run, floor: await floor(floorIds, scanFloorOne) });
  return rows;
}

function print(rows: Row[]): void {
  const f2 = (x: number) => x.toFixed(2);
  console.log(`\nconcurrency ${SLOTS} (${POLLERS} pollers × ${BATCH}) on both sides; load ${loadavg()}`);
  console.log(
    "\n                                      consumer files/s   floor files/s   consumer / floor   (files, s: consumer | floor)",
  );
  for (const { label, consumer, floor } of rows) {
    const c = consumer.files / consumer.seconds;
    const f = floor.files / floor.seconds;
    console.log(
      `${label.padEnd(38)}${f2(c).padStart(16)}${f2(f).padStart(16)}${f2(c / f).padStart(19)}   (${consumer.files}, ${f2(consumer.seconds)} | ${floor.files}, ${f2(floor.seconds)})`,
    );
  }
  console.log("\nrequests per file                       consumer    floor");
  for (const { label, consumer, floor } of rows) {
    console.log(label);
    const names = [...new Set([...consumer.requests.keys(), ...floor.requests.keys()])].sort();
    for (const name of names) {
      const per = (run: Run) => f2((run.requests.get(name) ?? 0) / run.files);
      console.log(`  ${name.padEnd(36)}${per(consumer).padStart(10)}${per(floor).padStart(9)}`);
    }
  }
  console.log("\nper file, mean ms: the request | the work before it      consumer          floor");
  for (const { label, consumer, floor } of rows) {
    console.log(label);
    for (const [i, step] of consumer.steps.entries()) {
      const theirs = floor.steps[i];
      const cell = (s?: { requestMs: number; beforeMs: number }) =>
        s ? `${s.requestMs.toFixed(0).padStart(6)} | ${s.beforeMs.toFixed(0).padStart(5)}` : "".padStart(14);
      console.log(`  ${step.step.padEnd(44)}${cell(step)}   ${cell(theirs)}`);
    }
  }
  console.log(
    "\nNot in either column: the pollers' ReceiveMessage and DeleteMessage (their own SQS client), and the consumer's\n" +
      "CPU work between requests (the type check, logging, validation).",
  );
}

const loadavg = () =>
  osLoadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

async function main() {
  const dataDir = await mkdtemp(join(tmpdir(), "intake-bench-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  console.log(`Intake consumers vs floor: ${cpus().length} cores, Node ${process.version}; starting the local stack…`);
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
    tunables: { INTAKE_LOG_LEVEL: "error" },
  });
  try {
    const rows = await stack.run(() => measure(stack));
    print(rows);
  } finally {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
