// Events out end to end on a stack of its own, against real receivers on loopback: uploads
// move, the outbox event goes through the table's stream, the dispatcher and the delivery
// queue, and the sender POSTs signed webhooks. Retries are shortened by configuration.
import { ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { db } from "@intake/core/dynamo";
import { Events } from "@intake/core/events/index";
import type { Lookup } from "@intake/core/events/destination";
import { createDelivery } from "@intake/core/events/dispatch";
import { encrypt, newSecret } from "@intake/core/events/secrets";
import { provideSettings } from "@intake/core/settings";
import type { AppRouter } from "@intake/functions/trpc/router";
import { eicarBytes } from "@intake/local/emulators/clamd";
import { epub, pdf } from "@intake/testing/files";
import { eventually, send, settled } from "@intake/testing/scan";
import { createTRPCClient, httpLink } from "@trpc/client";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verify } from "@intake/core/events/signature";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localSqsClient } from "../../src/emulators/queues";
import { startStack, type Stack } from "../../src/stack";
import { startReceiver } from "./receiver";

let dataDir: string;
let stack: Stack;
let sqs: SQSClient;
let users = 0;
const receivers: Array<{ stop(): Promise<void> }> = [];

async function client(groups: string[] = []) {
  const sub = `events_user_${++users}`;
  const token = await stack.issuer.issue({ sub, email: `${sub}@example.com`, groups });
  const api = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${stack.urls.app}/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
  return { sub, api };
}

async function receiverFor(events: string[], answer?: Parameters<typeof startReceiver>[0]) {
  const receiver = await startReceiver(answer);
  receivers.push(receiver);
  const { api } = await client(["admins"]);
  const created = await api.admin.webhooks.create.mutate({ url: receiver.url, events: events as never });
  return { receiver, ...created, admin: api };
}

const statement = (body: Buffer) => ({
  purpose: "statement" as const,
  filename: "s.pdf",
  contentType: "application/pdf",
  body,
});

/** Alerts published to the topic since the last look (read from its SQS subscription). */
async function publishedAlerts(): Promise<Record<string, unknown>[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: stack.queues.alerts, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  return Messages.map((m) => JSON.parse(m.Body ?? "{}"));
}

/** A `webhook.test` delivery for the endpoint, written but not queued: the test hands it to the sender. */
async function unqueuedDelivery(endpointId: string, attemptsMade: number): Promise<string> {
  return stack.run(async () => {
    const eventId = `test_${crypto.randomUUID().replaceAll("-", "")}`;
    const occurredAt = new Date().toISOString();
    const body = JSON.stringify({ type: "webhook.test", timestamp: occurredAt, data: { endpointId } });
    const deliveryId = await createDelivery({ eventId, type: "webhook.test", occurredAt, body }, endpointId);
    if (!deliveryId) throw new Error("the delivery already existed");
    await db().delivery.patch({ deliveryId }).set({ attempts: attemptsMade }).go();
    return deliveryId;
  });
}

/** Requests for one upload's events (other tests' uploads go to every endpoint subscribed). */
const about = (r: { body: string }, uploadId: string) => JSON.parse(r.body).data?.uploadId === uploadId;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "intake-events-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    scan: { retryDelaySeconds: 1, waitTimeSeconds: 1, sweepIntervalMs: 3_600_000 },
    tunables: {
      INTAKE_LOG_LEVEL: "error",
      INTAKE_WEBHOOK_TIMEOUT_SECONDS: "1",
      INTAKE_WEBHOOK_RETRY_BASE_SECONDS: "2",
      INTAKE_WEBHOOK_RETRY_MAX_SECONDS: "8",
      INTAKE_WEBHOOK_MAX_ATTEMPTS: "3",
    },
  });
  sqs = localSqsClient(stack.urls.sqs);
}, 120_000);

afterAll(async () => {
  for (const receiver of receivers) await receiver.stop();
  sqs?.destroy();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("webhooks", () => {
  it("a clean upload delivers document.ready once, with a signature standardwebhooks verifies", async () => {
    const { receiver, secret } = await receiverFor(["document.ready"]);
    const { api, sub } = await client();
    const sent = await send(api, sub, statement(pdf()));
    expect((await settled(api, sent.uploadId)).status).toBe("ready");
    await eventually("the webhook", async () => receiver.received.some((r) => about(r, sent.uploadId)));
    // Anything late (a duplicate) would arrive by now: the whole pipeline is quicker than this.
    await eventually("the delivery recorded", async () => {
      const { api: admin } = await client(["admins"]);
      const list = await admin.admin.webhooks.list.query();
      return list.items.some((e) => e.lastDelivery?.status === "delivered");
    });
    const mine = receiver.received.filter((r) => about(r, sent.uploadId));
    expect(mine).toHaveLength(1);
    const [got] = mine;
    const verified = verify(secret, got!.body, got!.headers) as { type: string; data: unknown };
    expect(verified).toMatchObject({
      type: "document.ready",
      data: { uploadId: sent.uploadId, ownerId: sub, purpose: "statement", status: "ready", filename: "s.pdf" },
    });
  });

  it("a quarantined upload delivers document.quarantined and publishes a security alert", async () => {
    const { receiver, secret, admin } = await receiverFor(["document.quarantined"]);
    const { api, sub } = await client();
    const sent = await send(api, sub, statement(pdf({ insert: eicarBytes() })));
    expect((await settled(api, sent.uploadId)).status).toBe("quarantined");
    await eventually("the webhook", async () => receiver.received.some((r) => about(r, sent.uploadId)));
    const got = receiver.received.find((r) => about(r, sent.uploadId))!;
    expect(verify(secret, got.body, got.headers)).toMatchObject({
      type: "document.quarantined",
      data: { status: "quarantined", statusReason: "VIRUS_DETECTED" },
    });

    let published: Record<string, unknown> | undefined;
    await eventually("the SNS alert", async () => {
      published ??= (await publishedAlerts()).find((m) => m.uploadId === sent.uploadId);
      return published !== undefined;
    });
    expect(published).toMatchObject({
      kind: "quarantine",
      uploadId: sent.uploadId,
      ownerId: sub,
      purpose: "statement",
      reason: "VIRUS_DETECTED",
      quarantineKey: expect.stringMatching(/^quarantine\//),
    });
    expect(published?.signatures).toEqual([expect.any(String)]);
    const alerts = await admin.admin.alerts.list.query({});
    expect(alerts.items[0]).toMatchObject({ kind: "quarantine", uploadId: sent.uploadId });
  });

  it("a receiver answering 500 twice then 200 gets three attempts with the same webhook-id and rising delays", async () => {
    const { receiver, admin, endpointId } = await receiverFor(["webhook.test"], (_r, n) => (n <= 2 ? 500 : 200));
    const { deliveryId } = await admin.admin.webhooks.test.mutate({ endpointId });
    await eventually("three attempts", async () => receiver.received.length >= 3);
    expect(receiver.received.map((r) => r.id)).toEqual([deliveryId, deliveryId, deliveryId]);
    const [a, b, c] = receiver.received.map((r) => r.at) as [number, number, number];
    expect(c - b).toBeGreaterThan(b - a);
    await eventually("delivered", async () => {
      const { items } = await admin.admin.webhooks.deliveries.query({ endpointId });
      return items[0]?.status === "delivered";
    });
    const { items } = await admin.admin.webhooks.deliveries.query({ endpointId });
    expect(items[0]).toMatchObject({ deliveryId, attempts: 3, lastStatusCode: 200 });
    expect(items[0]?.log.map((l) => l.statusCode)).toEqual([500, 500, 200]);
  });

  it("a receiver that hangs is timed out and retried; one down for the whole run ends failed", async () => {
    const { receiver, admin, endpointId } = await receiverFor(["webhook.test"], (_r, n) => (n === 1 ? "hang" : 200));
    await admin.admin.webhooks.test.mutate({ endpointId });
    await eventually("the retry after the timeout", async () => receiver.received.length >= 2);
    await eventually("delivered", async () => {
      const { items } = await admin.admin.webhooks.deliveries.query({ endpointId });
      return items[0]?.status === "delivered";
    });
    const { items } = await admin.admin.webhooks.deliveries.query({ endpointId });
    expect(items[0]?.log[0]).toMatchObject({ error: "TIMEOUT" });

    const down = await receiverFor(["webhook.test"]);
    await down.receiver.stop();
    await down.admin.admin.webhooks.test.mutate({ endpointId: down.endpointId });
    await eventually("failed", async () => {
      const { items } = await down.admin.admin.webhooks.deliveries.query({ endpointId: down.endpointId });
      return items[0]?.status === "failed";
    });
    const failed = await down.admin.admin.webhooks.deliveries.query({ endpointId: down.endpointId });
    expect(failed.items[0]?.attempts).toBe(3);
    expect(failed.items[0]?.nextAttemptAt).toBeUndefined();
    expect(failed.items[0]?.log.every((l) => l.error?.startsWith("NETWORK"))).toBe(true);
  });

  it("replay sends the same webhook-id again", async () => {
    const { receiver, admin, endpointId } = await receiverFor(["webhook.test"]);
    const { deliveryId } = await admin.admin.webhooks.test.mutate({ endpointId });
    await eventually("the first delivery", async () => receiver.received.length === 1);
    await expect(admin.admin.webhooks.replay.mutate({ deliveryId })).resolves.toEqual({ deliveryId });
    await eventually("the replay", async () => receiver.received.length === 2);
    expect(receiver.received.map((r) => r.id)).toEqual([deliveryId, deliveryId]);
  });

  it("an event for a disabled endpoint is not sent", async () => {
    const enabled = await receiverFor(["document.ready"]);
    const disabled = await receiverFor(["document.ready"]);
    await disabled.admin.admin.webhooks.update.mutate({ endpointId: disabled.endpointId, enabled: false });
    const { api, sub } = await client();
    const sent = await send(api, sub, statement(pdf()));
    await settled(api, sent.uploadId);
    // The enabled one got it: the event was dispatched, and the disabled one was passed over then.
    await eventually("the enabled endpoint", async () =>
      enabled.receiver.received.some((r) => about(r, sent.uploadId)),
    );
    const { items } = await disabled.admin.admin.webhooks.deliveries.query({ endpointId: disabled.endpointId });
    expect(items).toEqual([]);
    expect(disabled.receiver.received.filter((r) => about(r, sent.uploadId))).toEqual([]);
  });

  it("the dispatcher stopped after the status write and restarted delivers exactly the missing events", async () => {
    const { receiver } = await receiverFor(["document.ready"]);
    const { api, sub } = await client();
    await stack.consumers.dispatcher.pause();
    const sent = [await send(api, sub, statement(pdf())), await send(api, sub, statement(pdf()))];
    for (const s of sent) expect((await settled(api, s.uploadId)).status).toBe("ready");
    expect(receiver.received).toEqual([]);
    stack.consumers.dispatcher.resume();
    await eventually("both events", async () => sent.every((s) => receiver.received.some((r) => about(r, s.uploadId))));
    // A restart re-reads nothing it had handled: one more restart sends nothing new.
    await stack.consumers.dispatcher.pause();
    stack.consumers.dispatcher.resume();
    const { api: admin } = await client(["admins"]);
    const test = await receiverFor(["webhook.test"]);
    await admin.admin.webhooks.test.mutate({ endpointId: test.endpointId });
    await eventually("a later delivery", async () => test.receiver.received.length === 1);
    for (const s of sent) expect(receiver.received.filter((r) => about(r, s.uploadId))).toHaveLength(1);
  });

  it("an admin rejection delivers document.rejected with the reason", async () => {
    const { receiver, secret, admin } = await receiverFor(["document.rejected"]);
    const { api, sub } = await client();
    const sent = await send(api, sub, {
      purpose: "book",
      filename: "Dune.epub",
      contentType: "application/epub+zip",
      body: epub(),
      confirm: true,
    });
    expect((await settled(api, sent.uploadId)).status).toBe("in_review");
    const reason = "The cover is missing";
    await admin.admin.reject.mutate({ uploadId: sent.uploadId, reason });
    await eventually("the webhook", async () => receiver.received.some((r) => about(r, sent.uploadId)));
    const mine = receiver.received.filter((r) => about(r, sent.uploadId));
    expect(mine).toHaveLength(1);
    expect(verify(secret, mine[0]!.body, mine[0]!.headers)).toMatchObject({
      type: "document.rejected",
      data: { uploadId: sent.uploadId, ownerId: sub, purpose: "book", status: "rejected", statusReason: reason },
    });
  });

  it("deployed, the sender refuses an endpoint whose name has come to resolve to 169.254.169.254 or 10.0.0.1", async () => {
    // Written as `create` would have written it while the name was public; the name is then
    // resolved by the sender's injected lookup (the test seam), which now answers privately.
    const endpointId = `ep_${crypto.randomUUID().replaceAll("-", "")}`;
    await stack.run(async () =>
      db()
        .endpoint.create({
          endpointId,
          url: "https://hooks.example.com/intake",
          events: ["webhook.test"],
          enabled: true,
          secret: await encrypt(newSecret()),
        })
        .go(),
    );
    const deployed = { ...stack.settings, events: { ...stack.settings.events, allowLoopback: false } };
    const { admin } = await receiverFor(["webhook.test"]);
    for (const address of ["169.254.169.254", "10.0.0.1"]) {
      let asked = 0;
      const lookup: Lookup = async () => {
        asked++;
        return [{ address, family: 4 }];
      };
      // The schedule's last attempt: refused, it fails the delivery and nothing is queued again.
      const deliveryId = await unqueuedDelivery(endpointId, 2);
      await provideSettings(deployed, () => Events.deliver({ deliveryId }, undefined, lookup));
      expect(asked).toBe(1);
      const { items } = await admin.admin.webhooks.deliveries.query({ endpointId });
      expect(items.find((d) => d.deliveryId === deliveryId)).toMatchObject({
        status: "failed",
        lastError: `DESTINATION_REFUSED: the host resolves to a non-public address (${address})`,
        lastDurationMs: 0,
      });
    }
  });

  it("an endpoint failing for 3 days is disabled, with an alert", async () => {
    const { receiver, admin, endpointId } = await receiverFor(["webhook.test"]);
    await receiver.stop();
    const failingSince = new Date().toISOString();
    await stack.run(() => db().endpoint.patch({ endpointId }).set({ failingSince }).go());
    const deliveryId = await unqueuedDelivery(endpointId, 2);
    // The sender's injected clock: the last attempt happens 3 days after the failures began.
    const threeDaysOn = new Date(Date.parse(failingSince) + 3 * 24 * 3600_000);
    await stack.run(() => Events.deliver({ deliveryId }, () => threeDaysOn));

    const { items } = await admin.admin.webhooks.list.query();
    expect(items.find((e) => e.endpointId === endpointId)).toMatchObject({
      enabled: false,
      lastDelivery: { deliveryId, status: "failed" },
    });
    const alerts = await admin.admin.alerts.list.query({});
    expect(alerts.items[0]).toMatchObject({ kind: "endpoint_disabled", endpointId, url: receiver.url });
    let published: Record<string, unknown> | undefined;
    await eventually("the SNS alert", async () => {
      published ??= (await publishedAlerts()).find((m) => m.endpointId === endpointId);
      return published !== undefined;
    });
    expect(published).toMatchObject({ kind: "endpoint_disabled", endpointId, url: receiver.url });
  });
});
