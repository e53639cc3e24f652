// The scan queue end to end on a stack of its own, so these tests can pause the consumer,
// stop clamd and drop events without disturbing the shared stack's tests.
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { CopyObjectCommand, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { s3 } from "@intake/core/aws";
import { Actor } from "@intake/core/actor";
import { db } from "@intake/core/dynamo";
import { begin, record } from "@intake/core/scan/progress";
import { Sweep } from "@intake/core/sweep";
import { Upload } from "@intake/core/upload";
import { Store } from "@intake/core/upload/store";
import type { AppRouter } from "@intake/functions/trpc/router";
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it as vitestIt } from "vitest";
import { elfBinary, pdf } from "@intake/testing/files";
import { eventually, send, settled, whereIs } from "@intake/testing/scan";
import { eicarBytes, reportedName, SIGNATURES, startClamd, type ClamdHandle } from "../../src/emulators/clamd";
import { localSqsClient } from "../../src/emulators/queues";
import { queueDrained as drained, takeMessage } from "../queue-messages";
import { freePort } from "../../src/net";
import { startStack, type Stack } from "../../src/stack";

let dataDir: string;
let clamdPort: number;
let clamd: ClamdHandle | undefined;
let stack: Stack;
let sqs: SQSClient;
let users = 0;

/** Each test also calls core directly: against this file's stack. */
const it = (name: string, fn: () => Promise<void>, timeout?: number) => vitestIt(name, () => stack.run(fn), timeout);

async function newUser() {
  const sub = `scan_user_${++users}`;
  const token = await stack.issuer.issue({ sub, email: `${sub}@example.com`, groups: [] });
  const api = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${stack.urls.app}/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
  return { sub, api };
}

const statement = (body: Buffer) => ({
  purpose: "statement" as const,
  filename: "s.pdf",
  contentType: "application/pdf",
  body,
});

async function stored(uploadId: string) {
  const upload = await Store.get(uploadId);
  if (!upload) throw new Error(`no upload ${uploadId}`);
  return upload;
}

/** Takes the queued S3 event for `key` off the scan queue (as if it were lost) and returns its body. */
const takeEvent = (key: string) => takeMessage(sqs, stack.queues.scan, key);
const queueDrained = (url = stack.queues.scan) => drained(sqs, url);

async function expectAppError(call: Promise<unknown>, appCode: string) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  expect((error as TRPCClientError<AppRouter>).data).toMatchObject({ appCode });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "intake-scan-queue-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  clamdPort = await freePort();
  clamd = await startClamd({ dataDir, port: clamdPort });
  stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    clamd: { host: "127.0.0.1", port: clamdPort },
    // A failed record comes back after 2 s (room to pause before a 5th receive); anything
    // unchanged for 4 s counts as stuck. The tests run the sweeper themselves.
    scan: {
      retryDelaySeconds: 2,
      visibilityTimeoutSeconds: 4,
      maxReceiveCount: 5,
      sweepIntervalMs: 3_600_000,
      waitTimeSeconds: 1, // pause() waits for the current poll
    },
    tunables: { INTAKE_LOG_LEVEL: "error" },
  });
  sqs = localSqsClient(stack.urls.sqs);
}, 120_000);

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
  await clamd?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  clamd ??= await startClamd({ dataDir, port: clamdPort });
  stack.consumers.scan.resume();
  await eventually("an empty scan queue", () => queueDrained());
});

async function stopClamd() {
  await clamd?.stop();
  clamd = undefined;
}

describe("the scan queue", () => {
  it("the same event delivered three times makes one transition", async () => {
    const { api, sub } = await newUser();
    await stack.consumers.scan.pause();
    const sent = await send(api, sub, statement(pdf()));
    const body = await takeEvent(sent.locations.staging.Key);
    for (let i = 0; i < 3; i++)
      await sqs.send(new SendMessageCommand({ QueueUrl: stack.queues.scan, MessageBody: body }));
    stack.consumers.scan.resume();

    expect(await settled(api, sent.uploadId)).toMatchObject({ status: "ready" });
    await eventually("every copy acknowledged", () => queueDrained());
    // pending → scanning → processing → ready, each once, whatever order the three copies ran in.
    expect((await stored(sent.uploadId)).revision).toBe(3);
    expect(await whereIs(sent.locations)).toEqual(["production"]);
  });

  it("scan-before-confirm and confirm-before-scan end in the same state", async () => {
    const { api, sub } = await newUser();
    const scannedFirst = await send(api, sub, statement(pdf()));
    const a = await settled(api, scannedFirst.uploadId);
    // Confirm after the scan checks the ETag the event recorded, and changes nothing.
    await expect(api.upload.confirm.mutate({ uploadId: a.uploadId, etag: scannedFirst.etag })).resolves.toEqual({
      uploadId: a.uploadId,
      status: "ready",
    });
    await expectAppError(
      api.upload.confirm.mutate({ uploadId: a.uploadId, etag: `"${"0".repeat(32)}"` }),
      "ETAG_MISMATCH",
    );

    await stack.consumers.scan.pause();
    const confirmedFirst = await send(api, sub, statement(pdf()));
    await expect(
      api.upload.confirm.mutate({ uploadId: confirmedFirst.uploadId, etag: confirmedFirst.etag }),
    ).resolves.toEqual({
      uploadId: confirmedFirst.uploadId,
      status: "received",
    });
    stack.consumers.scan.resume();
    const b = await settled(api, confirmedFirst.uploadId);

    const outcome = (u: typeof a) => ({ status: u.status, statusReason: u.statusReason, scan: u.scan });
    expect(outcome(b)).toEqual(outcome(a));
    expect(outcome(a)).toEqual({
      status: "ready",
      statusReason: undefined,
      scan: { verdict: "clean", detectedType: "application/pdf" },
    });
    expect((await stored(a.uploadId)).etag).toBe(Upload.normalizeEtag(scannedFirst.etag));
    expect((await stored(b.uploadId)).etag).toBe(Upload.normalizeEtag(confirmedFirst.etag));
    expect(await whereIs(scannedFirst.locations)).toEqual(["production"]);
    expect(await whereIs(confirmedFirst.locations)).toEqual(["production"]);
  });

  it("clamd stopped mid-run: records are retried, nothing is judged, and all finish once clamd is back", async () => {
    const { api, sub } = await newUser();
    const earlier = await send(api, sub, statement(pdf()));
    expect((await settled(api, earlier.uploadId)).status).toBe("ready");

    await stopClamd();
    const clean = await send(api, sub, statement(pdf()));
    const infected = await send(api, sub, statement(pdf({ insert: eicarBytes() })));
    const binary = await send(api, sub, statement(elfBinary()));
    const waiting = [clean, infected, binary];
    await eventually("every record to fail twice", async () => {
      const uploads = await Promise.all(waiting.map((u) => stored(u.uploadId)));
      return uploads.every((u) => (u.scanAttempts ?? 0) >= 2);
    });
    for (const sent of waiting) {
      const upload = await stored(sent.uploadId);
      expect(upload.status).toBe("scanning");
      expect(upload.scanVerdict).toBeUndefined();
      expect(await whereIs(sent.locations)).toEqual(["staging"]);
    }

    // Paused while clamd restarts, so no retry is spent on the restart itself.
    await stack.consumers.scan.pause();
    clamd = await startClamd({ dataDir, port: clamdPort });
    stack.consumers.scan.resume();

    expect(await settled(api, clean.uploadId)).toMatchObject({ status: "ready", scan: { verdict: "clean" } });
    expect(await settled(api, infected.uploadId)).toMatchObject({
      status: "quarantined",
      statusReason: "VIRUS_DETECTED",
      scan: { signatures: [reportedName(SIGNATURES.eicar)] },
    });
    expect(await settled(api, binary.uploadId)).toMatchObject({
      status: "quarantined",
      statusReason: "FORBIDDEN_TYPE",
    });
    expect(await whereIs(clean.locations)).toEqual(["production"]);
    expect(await whereIs(infected.locations)).toEqual(["quarantine"]);
    expect((await stored(earlier.uploadId)).status).toBe("ready");
  }, 60_000);

  it("after 5 receives the message is dead-lettered and the upload ends failed; a redrive changes nothing; the sweeper scans it again once clamd is back", async () => {
    const { api, sub } = await newUser();
    await stopClamd();
    const sent = await send(api, sub, statement(pdf()));
    const upload = await settled(api, sent.uploadId, 45_000); // 5 receives, 2 s apart
    expect(upload).toMatchObject({ status: "failed", statusReason: "SCAN_FAILED" });
    expect(upload.scan).toBeUndefined();
    expect((await stored(sent.uploadId)).scanAttempts).toBe(5);
    // Kept in staging for an operator; never moved out unscanned.
    expect(await whereIs(sent.locations)).toEqual(["staging"]);

    let deadLetter: string | undefined;
    await eventually("the message in the dead-letter queue", async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: stack.queues.deadLetter, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }),
      );
      for (const message of Messages) {
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: stack.queues.deadLetter, ReceiptHandle: message.ReceiptHandle }),
        );
        if (message.Body?.includes(sent.locations.staging.Key)) deadLetter = message.Body;
      }
      return deadLetter !== undefined;
    });

    clamd = await startClamd({ dataDir, port: clamdPort });
    const revision = (await stored(sent.uploadId)).revision;
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.queues.scan, MessageBody: deadLetter! }));
    await eventually("the redriven message to be acknowledged", () => queueDrained());
    expect(await stored(sent.uploadId)).toMatchObject({ status: "failed", revision });

    // It failed on a fault, not on its content: once clamd answers, the sweeper (past the
    // visibility window it leaves a fresh failure alone) scans it again, and it ends ready.
    const later = new Date(Date.now() + 5_000);
    const swept = await Actor.provide({ type: "system", properties: { name: "sweeper" } }, () => Sweep.run(later));
    expect(swept.recovered).toBe(1);
    expect(await settled(api, sent.uploadId)).toMatchObject({ status: "ready", scan: { verdict: "clean" } });
    expect(await whereIs(sent.locations)).toEqual(["production"]);
  }, 90_000);

  describe("a crash between copy and delete is safe to replay", () => {
    // The first delivery, up to the crash: scanning, the outcome recorded, then S3 steps.
    async function crashedAfter(steps: { deleted: boolean; infected?: boolean }) {
      const { api, sub } = await newUser();
      await stack.consumers.scan.pause();
      const body = steps.infected ? pdf({ insert: eicarBytes() }) : pdf();
      const sent = await send(api, sub, { ...statement(body), confirm: true });
      const event = await takeEvent(sent.locations.staging.Key);
      const begun = await begin(await stored(sent.uploadId), undefined);
      if (!begun.scanning) throw new Error("did not begin");
      const outcome = steps.infected
        ? {
            verdict: "infected" as const,
            detectedType: "application/pdf",
            signatures: [reportedName(SIGNATURES.eicar)],
          }
        : { verdict: "clean" as const, detectedType: "application/pdf", signatures: [] };
      await record(begun.upload, { ...outcome, etag: Upload.normalizeEtag(sent.etag) });
      const target = steps.infected ? sent.locations.quarantine : sent.locations.production;
      await s3().send(
        new CopyObjectCommand({
          ...target,
          CopySource: `${sent.locations.staging.Bucket}/${sent.locations.staging.Key}`,
        }),
      );
      if (steps.deleted) await s3().send(new DeleteObjectCommand(sent.locations.staging));
      // The redelivery.
      await sqs.send(new SendMessageCommand({ QueueUrl: stack.queues.scan, MessageBody: event }));
      stack.consumers.scan.resume();
      return { api, sent };
    }

    it("copied to production, not yet deleted from staging", async () => {
      const { api, sent } = await crashedAfter({ deleted: false });
      expect(await settled(api, sent.uploadId)).toMatchObject({ status: "ready", scan: { verdict: "clean" } });
      expect(await whereIs(sent.locations)).toEqual(["production"]);
      expect((await stored(sent.uploadId)).revision).toBe(4); // pending → received → scanning → processing → ready
    });

    it("copied and deleted, the status not yet written", async () => {
      const { api, sent } = await crashedAfter({ deleted: true });
      expect(await settled(api, sent.uploadId)).toMatchObject({ status: "ready" });
      expect(await whereIs(sent.locations)).toEqual(["production"]);
    });

    it("an infected file copied to quarantine and deleted", async () => {
      const { api, sent } = await crashedAfter({ deleted: true, infected: true });
      expect(await settled(api, sent.uploadId)).toMatchObject({
        status: "quarantined",
        statusReason: "VIRUS_DETECTED",
        scan: { signatures: [reportedName(SIGNATURES.eicar)] },
      });
      expect(await whereIs(sent.locations)).toEqual(["quarantine"]);
    });
  });

  it("the sweeper re-queues an upload whose event was lost, and fails one stuck past its attempts", async () => {
    const { api, sub } = await newUser();
    await stack.consumers.scan.pause();
    const lost = await send(api, sub, { ...statement(pdf()), confirm: true });
    await takeEvent(lost.locations.staging.Key);
    const stuck = await send(api, sub, statement(pdf()));
    await takeEvent(stuck.locations.staging.Key);
    const begun = await begin(await stored(stuck.uploadId), stuck.etag);
    if (!begun.scanning) throw new Error("did not begin");
    await db().upload.patch({ uploadId: stuck.uploadId }).set({ scanAttempts: 5 }).go();
    stack.consumers.scan.resume();

    // Nothing happens until they have sat still for longer than the visibility window.
    await eventually("the sweeper to act on both", async () => {
      await Actor.provide({ type: "system", properties: { name: "sweeper" } }, () => Sweep.run());
      const [a, b] = await Promise.all([stored(lost.uploadId), stored(stuck.uploadId)]);
      return a.status !== "received" && b.status !== "scanning";
    });
    expect(await settled(api, lost.uploadId)).toMatchObject({ status: "ready" });
    expect(await whereIs(lost.locations)).toEqual(["production"]);
    expect(await stored(stuck.uploadId)).toMatchObject({ status: "failed", statusReason: "SCAN_FAILED" });
  }, 60_000);

  it("events for keys that match no upload, and messages that are not S3 events, are acknowledged", async () => {
    const { sub } = await newUser();
    const bodies = [
      JSON.stringify({
        Records: [
          {
            eventName: "ObjectCreated:Put",
            s3: {
              bucket: { name: stack.env.INTAKE_STAGING_BUCKET },
              object: { key: `staging/${sub}/upl_${"0".repeat(32)}.pdf` },
            },
          },
        ],
      }),
      JSON.stringify({ Service: "Amazon S3", Event: "s3:TestEvent" }),
      "not json",
    ];
    for (const body of bodies)
      await sqs.send(new SendMessageCommand({ QueueUrl: stack.queues.scan, MessageBody: body }));
    await eventually("all three acknowledged", () => queueDrained(), 10_000);
  });
});
