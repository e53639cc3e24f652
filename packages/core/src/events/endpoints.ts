// `admin.webhooks.*`: endpoints, their secrets, their deliveries, tests and replays.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { Actor } from "../actor";
import { isConditionFailure } from "../conditional";
import { db } from "../dynamo";
import { IntakeError, invalid } from "../errors";
import { page } from "../paging";
import { settings } from "../settings";
import { Cursor, Limit } from "../upload/schema";
import { fn } from "../validate";
import type { DeliveryItem } from "./delivery.entity";
import { resolve } from "./destination";
import { createDelivery } from "./dispatch";
import type { EndpointItem } from "./endpoint.entity";
import { enqueue } from "./queue";
import { encrypt, newSecret } from "./secrets";
import { eventTypes } from "./types";

/** How long the secret before a rotation keeps being signed with. */
export const rotationOverlapMs = 24 * 60 * 60 * 1000;

const EndpointId = z.string().regex(/^ep_[a-f0-9]{32}$/);
const Url = z.string().url().max(2048);
const Events = z.array(z.enum(eventTypes)).min(1).max(eventTypes.length);

export const CreateInput = z.object({
  url: Url,
  events: Events,
  description: z.string().max(500).optional(),
});
export const UpdateInput = z.object({
  endpointId: EndpointId,
  url: Url.optional(),
  events: Events.optional(),
  enabled: z.boolean().optional(),
});
export const EndpointInput = z.object({ endpointId: EndpointId });
export const DeliveriesInput = z.object({ endpointId: EndpointId, cursor: Cursor, limit: Limit });
export const ReplayInput = z.object({ deliveryId: z.string().regex(/^msg_[a-f0-9]{32}$/) });

const endpointNotFound = () => new IntakeError("NOT_FOUND", "Endpoint not found");

/** Deployed: https to a public address only (checked again at every send). */
async function checkUrl(url: string): Promise<void> {
  const destination = await resolve(url, settings().events.allowLoopback);
  if (!destination.ok) throw invalid("url", `This URL cannot receive webhooks: ${destination.reason}`);
}

function toPublic(endpoint: EndpointItem) {
  return {
    endpointId: endpoint.endpointId,
    url: endpoint.url,
    events: [...endpoint.events].sort(),
    description: endpoint.description,
    enabled: endpoint.enabled,
    createdAt: endpoint.createdAt,
    lastDelivery: endpoint.lastDelivery,
  };
}

async function find(endpointId: string): Promise<EndpointItem> {
  const found = (await db().endpoint.get({ endpointId }).go({ consistent: true })).data as EndpointItem | undefined;
  if (!found) throw endpointNotFound();
  return found;
}

export const create = fn(CreateInput, async ({ url, events, description }) => {
  Actor.admin();
  await checkUrl(url);
  const secret = newSecret();
  const endpointId = `ep_${randomUUID().replaceAll("-", "")}`;
  await db()
    .endpoint.create({ endpointId, url, events, description, enabled: true, secret: await encrypt(secret) })
    .go();
  return { endpointId, secret };
});

export async function list() {
  Actor.admin();
  const found = await db().endpoint.query.byCreated({}).go({ pages: "all" });
  return { items: (found.data as EndpointItem[]).map(toPublic) };
}

export const update = fn(UpdateInput, async ({ endpointId, url, events, enabled }) => {
  Actor.admin();
  if (url !== undefined) await checkUrl(url);
  const changes = { url, events, enabled };
  const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  try {
    const patch = db().endpoint.patch({ endpointId });
    // Re-enabled: its failing streak starts again.
    const updated = await (enabled ? patch.set(set).remove(["failingSince"]) : patch.set(set)).go({
      response: "all_new",
    });
    return toPublic(updated.data as EndpointItem);
  } catch (error) {
    if (isConditionFailure(error)) throw endpointNotFound();
    throw error;
  }
});

export const remove = fn(EndpointInput, async ({ endpointId }) => {
  Actor.admin();
  await find(endpointId);
  await db().endpoint.delete({ endpointId }).go();
  return { endpointId };
});

/** The endpoint's secrets after a rotation at `now`: the old one stays signed with for a day. */
export function rotated(endpoint: Pick<EndpointItem, "secret">, newStoredSecret: string, now: Date) {
  return {
    secret: newStoredSecret,
    previousSecret: endpoint.secret,
    previousSecretUntil: new Date(now.getTime() + rotationOverlapMs).toISOString(),
  };
}

export const rotateSecret = fn(EndpointInput, async ({ endpointId }) => {
  Actor.admin();
  const endpoint = await find(endpointId);
  const secret = newSecret();
  try {
    await db()
      .endpoint.patch({ endpointId })
      .set(rotated(endpoint, await encrypt(secret), new Date()))
      .where((a, { eq }) => eq(a.secret, endpoint.secret))
      .go();
  } catch (error) {
    if (isConditionFailure(error)) throw new IntakeError("NOT_FOUND", "Endpoint not found or rotated meanwhile");
    throw error;
  }
  return { secret };
});

/** Sends `webhook.test` to the endpoint, whatever events it subscribes to. */
export const test = fn(EndpointInput, async ({ endpointId }) => {
  Actor.admin();
  await find(endpointId);
  const eventId = `test_${randomUUID().replaceAll("-", "")}`;
  const timestamp = new Date().toISOString();
  const body = JSON.stringify({ type: "webhook.test", timestamp, data: { endpointId } });
  const deliveryId = await createDelivery({ eventId, type: "webhook.test", occurredAt: timestamp, body }, endpointId);
  if (!deliveryId) throw new Error("a new test delivery already existed");
  await enqueue(deliveryId);
  return { deliveryId };
});

export const deliveries = fn(DeliveriesInput, async ({ endpointId, cursor, limit }) => {
  Actor.admin();
  await find(endpointId);
  const found = await page({ cursor, limit }, (options) =>
    db()
      .delivery.query.byEndpoint({ endpointId })
      .go({ order: "desc", ...options }),
  );
  return {
    items: (found.items as DeliveryItem[]).map((d) => ({
      deliveryId: d.deliveryId,
      eventId: d.eventId,
      type: d.type,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      lastDurationMs: d.lastDurationMs,
      lastError: d.lastError,
      lastAttemptAt: d.lastAttemptAt,
      nextAttemptAt: d.status === "pending" ? d.nextAttemptAt : undefined,
      createdAt: d.createdAt,
      log: d.log ?? [],
    })),
    cursor: found.cursor,
  };
});

/** The same delivery (same `webhook-id`, same body) attempted again now, whatever its status. */
export const replay = fn(ReplayInput, async ({ deliveryId }) => {
  Actor.admin();
  try {
    await db().delivery.patch({ deliveryId }).set({ status: "pending", nextAttemptAt: new Date().toISOString() }).go();
  } catch (error) {
    if (isConditionFailure(error)) throw new IntakeError("NOT_FOUND", "Delivery not found");
    throw error;
  }
  await enqueue(deliveryId);
  return { deliveryId };
});
