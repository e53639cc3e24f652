// The processing queue end to end on a stack of its own, so these tests can pause the
// consumer, lose and repeat messages and replay half-done work without disturbing the
// shared stack's tests.
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { Actor } from "@intake/core/actor";
import { s3 } from "@intake/core/aws";
import { Process } from "@intake/core/process";
import { inspect } from "@intake/core/process/inspect";
import { begin, record, toRecord } from "@intake/core/process/progress";
import { headProduction, quarantineProduction, replaceProduction, sha256 } from "@intake/core/process/storage";
import { Sweep } from "@intake/core/sweep";
import { Store } from "@intake/core/upload/store";
import type { AppRouter } from "@intake/functions/trpc/router";
import * as images from "@intake/testing/corpus/images";
import * as pdfs from "@intake/testing/corpus/pdfs";
import { bytesAt, eventually, locations, send, settled, whereIs } from "@intake/testing/scan";
import { createTRPCClient, httpLink } from "@trpc/client";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { afterAll, beforeAll, beforeEach, describe, expect, it as vitestIt } from "vitest";
import { localSqsClient } from "../../src/emulators/queues";
import { queueDrained as drained, takeMessage } from "../queue-messages";
import { startStack, type Stack } from "../../src/stack";

let dataDir: string;
let stack: Stack;
let sqs: SQSClient;
let users = 0;

/** Each test also calls core directly: against this file's stack. */
const it = (name: string, fn: () => Promise<void>, timeout?: number) => vitestIt(name, () => stack.run(fn), timeout);

const receipt = (body: Buffer) => ({ purpose: "receipt" as const, filename: "r.png", contentType: "image/png", body });

async function newUser() {
  const sub = `process_user_${++users}`;
  const token = await stack.issuer.issue({ sub, email: `${sub}@example.com`, groups: [] });
  const api = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${stack.urls.app}/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
  return { sub, api };
}

async function stored(uploadId: string) {
  const upload = await Store.get(uploadId);
  if (!upload) throw new Error(`no upload ${uploadId}`);
  return upload;
}

/** Sends a receipt with the processing consumer paused; returns once its scan is done and its message taken off the queue. */
async function waitingForProcessing(body: Buffer) {
  const { api, sub } = await newUser();
  await stack.consumers.process.pause();
  const sent = await send(api, sub, receipt(body));
  await eventually(
    "the scan to hand it to processing",
    async () => (await stored(sent.uploadId)).status === "processing",
  );
  const message = await takeProcessing(sent.uploadId);
  return { api, sent, message };
}

const takeProcessing = (uploadId: string, queueUrl = stack.queues.process) => takeMessage(sqs, queueUrl, uploadId);
const queueDrained = (url = stack.queues.process) => drained(sqs, url);

async function deliver(body: string, times = 1) {
  for (let i = 0; i < times; i++)
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.queues.process, MessageBody: body }));
}

/** The first delivery's work up to a crash: attempt counted and the result recorded. */
async function recordedFirst(uploadId: string) {
  const begun = await begin(uploadId);
  if (!begun) throw new Error("did not begin");
  const original = await bytesAt(locations(begun.ownerId, begun.uploadId, begun.contentType).production);
  const inspection = await inspect(original, begun.contentType, Process.limits());
  const replacement = inspection.result === "clean" ? inspection.replacement : undefined;
  const recorded = await record(begun, toRecord(inspection, replacement && sha256(replacement)));
  if (!recorded) throw new Error("did not record");
  return { upload: recorded.upload, replacement };
}

const noScript = async (location: { Bucket: string; Key: string }) =>
  !(await bytesAt(location)).toString("latin1").includes("<script");

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "intake-process-queue-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    // A failed record comes back after 2 s; anything unchanged for 4 s counts as stuck.
    // The tests run the sweeper themselves.
    scan: {
      retryDelaySeconds: 2,
      visibilityTimeoutSeconds: 4,
      maxReceiveCount: 5,
      sweepIntervalMs: 3_600_000,
      waitTimeSeconds: 1,
    },
    tunables: { INTAKE_LOG_LEVEL: "error" },
  });
  sqs = localSqsClient(stack.urls.sqs);
}, 120_000);

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  stack.consumers.process.resume();
  await eventually("an empty processing queue", () => queueDrained());
});

describe("the processing queue", () => {
  it("the same message delivered three times makes one transition and one replacement", async () => {
    const { api, sent, message } = await waitingForProcessing(images.pngWithHtmlComment());
    await deliver(message, 3);
    stack.consumers.process.resume();

    expect((await settled(api, sent.uploadId)).status).toBe("ready");
    await eventually("every copy acknowledged", () => queueDrained());
    const upload = await stored(sent.uploadId);
    // pending → scanning → processing → ready, each once.
    expect(upload.revision).toBe(3);
    expect(upload.processing?.stored?.checksumSha256).toBe(upload.processing?.replacementSha256);
    expect(await noScript(sent.locations.production)).toBe(true);
    expect(await whereIs(sent.locations)).toEqual(["production"]);
  });

  describe("a crash mid-record is safe to replay", () => {
    it("recorded, not yet replaced: the replay re-encodes and finishes", async () => {
      const { api, sent, message } = await waitingForProcessing(images.pngWithHtmlComment());
      const first = await recordedFirst(sent.uploadId);
      expect(await noScript(sent.locations.production)).toBe(false); // still the original
      await deliver(message);
      stack.consumers.process.resume();

      expect(await settled(api, sent.uploadId)).toMatchObject({ status: "ready", processing: { disarm: "reencoded" } });
      expect(await noScript(sent.locations.production)).toBe(true);
      expect((await stored(sent.uploadId)).processing?.stored?.checksumSha256).toBe(sha256(first.replacement!));
    });

    it("replaced, status not yet written: the replay writes nothing again and finishes", async () => {
      const { api, sent, message } = await waitingForProcessing(images.pngWithHtmlComment());
      const first = await recordedFirst(sent.uploadId);
      const written = await replaceProduction(first.upload, first.replacement!, await headProduction(first.upload));
      await deliver(message);
      stack.consumers.process.resume();

      expect((await settled(api, sent.uploadId)).status).toBe("ready");
      const upload = await stored(sent.uploadId);
      expect(upload.revision).toBe(3);
      expect(upload.processing?.stored).toEqual(written);
    });

    it("a bomb recorded MALFORMED, moved to quarantine, status not yet written", async () => {
      const { api, sent, message } = await waitingForProcessing(images.pngBomb());
      const first = await recordedFirst(sent.uploadId);
      expect(first.upload.processing?.outcome).toBe("malformed");
      await quarantineProduction(first.upload, "malformed");
      await deliver(message);
      stack.consumers.process.resume();

      expect(await settled(api, sent.uploadId)).toMatchObject({ status: "quarantined", statusReason: "MALFORMED" });
      expect(await whereIs(sent.locations)).toEqual(["quarantine"]);
    });
  });

  it("faults are retried; after 5 receives the upload ends failed PROCESSING_FAILED and the message is dead-lettered", async () => {
    const { api, sent, message } = await waitingForProcessing(images.pngWithHtmlComment());
    // The production object gone with no result recorded: every attempt is a fault.
    await s3().send(new DeleteObjectCommand(sent.locations.production));
    await deliver(message);
    stack.consumers.process.resume();

    const upload = await settled(api, sent.uploadId, 45_000); // 5 receives, 2 s apart
    expect(upload).toMatchObject({ status: "failed", statusReason: "PROCESSING_FAILED" });
    // At least this message's 5: on a busy machine the scan can outlast its 4 s visibility, and
    // its redelivery queues processing once more (at least once, never lost).
    expect((await stored(sent.uploadId)).processAttempts).toBeGreaterThanOrEqual(5);
    expect(await takeProcessing(sent.uploadId, stack.queues.processDeadLetter)).toBe(message);
  }, 90_000);

  it("a PDF worker past the time limit is killed and the record retried until it finishes", async () => {
    const { api, sub } = await newUser();
    const limit = stack.settings.processing.timeoutSeconds;
    // Node publishes every worker thread it starts; the local consumer runs in this process.
    const workers: Worker[] = [];
    const started = (message: unknown) => workers.push((message as { worker: Worker }).worker);
    subscribe("worker_threads", started);
    try {
      // No PDF was found that makes PDF.js spin, so the limit is made shorter than starting a
      // worker (1 ms), as an operator's too-short INTAKE_PROCESS_TIMEOUT_SECONDS would be.
      stack.settings.processing.timeoutSeconds = 0.001;
      const body = Buffer.from(await pdfs.clean());
      const sent = await send(api, sub, {
        purpose: "statement",
        filename: "statement.pdf",
        contentType: "application/pdf",
        body,
      });
      await eventually(
        "two attempts past the limit",
        async () => ((await stored(sent.uploadId)).processAttempts ?? 0) >= 2,
      );
      const timedOut = [...workers];
      expect((await stored(sent.uploadId)).status).toBe("processing");
      // Each attempt's worker was terminated, none kept warm for the next file.
      expect(timedOut.length).toBeGreaterThanOrEqual(2);
      await eventually("their threads to end", async () => timedOut.every((worker) => worker.threadId === -1));

      stack.settings.processing.timeoutSeconds = limit;
      const upload = await settled(api, sent.uploadId, 30_000);
      expect(upload).toMatchObject({
        status: "ready",
        processing: { metadata: { pageCount: pdfs.described.pages, title: pdfs.described.title } },
      });
      expect((await stored(sent.uploadId)).processAttempts ?? 0).toBeGreaterThanOrEqual(3);
    } finally {
      stack.settings.processing.timeoutSeconds = limit;
      unsubscribe("worker_threads", started);
    }
  }, 90_000);

  it("the sweeper re-queues an upload whose processing message was lost", async () => {
    const { api, sent } = await waitingForProcessing(images.pngWithHtmlComment());
    stack.consumers.process.resume();
    // Nothing happens until it has sat still for longer than the visibility window.
    await eventually("the sweeper to re-queue it", async () => {
      const swept = await Actor.provide({ type: "system", properties: { name: "sweeper" } }, () => Sweep.run());
      return swept.requeued > 0;
    });
    expect((await settled(api, sent.uploadId)).status).toBe("ready");
    expect(await noScript(sent.locations.production)).toBe(true);
  }, 60_000);
});
