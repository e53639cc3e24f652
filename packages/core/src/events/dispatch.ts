// The dispatcher: an event from the outbox becomes one delivery per enabled endpoint that
// subscribes to its type, queued for the sender; a quarantine also raises a security alert.
// Safe to run twice for one event: delivery ids come from (event, endpoint) and are created
// conditionally, and a delivery never attempted is queued again (the first run may have
// stopped before queueing it).
import { createHash } from "node:crypto";
import { isConditionFailure } from "../conditional";
import { db } from "../dynamo";
import { log } from "../log";
import * as Alerts from "./alerts";
import type { DeliveryItem } from "./delivery.entity";
import type { EndpointItem } from "./endpoint.entity";
import { enqueueAll } from "./queue";
import type { EventBody, EventType } from "./types";

export interface OutboxEvent {
  eventId: string;
  type: EventType;
  occurredAt: string;
  body: string;
  alert?: string;
}

/** The `webhook-id` of `eventId` at `endpointId`: the same on every dispatch, attempt and replay. */
export function deliveryIdOf(eventId: string, endpointId: string): string {
  return `msg_${createHash("sha256").update(`${eventId}\n${endpointId}`).digest("hex").slice(0, 32)}`;
}

export async function allEndpoints(): Promise<EndpointItem[]> {
  return (await db().endpoint.query.byCreated({}).go({ pages: "all" })).data as EndpointItem[];
}

export async function dispatch(event: OutboxEvent): Promise<void> {
  const endpoints = (await allEndpoints()).filter((e) => e.enabled && e.events.includes(event.type));
  const toQueue = await Promise.all(endpoints.map((endpoint) => createDelivery(event, endpoint.endpointId)));
  await enqueueAll(toQueue.filter((id): id is string => id !== undefined));
  if (event.type === "document.quarantined") await raiseQuarantine(event);
  log("info", "events: dispatched", { eventId: event.eventId, type: event.type, endpoints: endpoints.length });
}

/** Creates the delivery; its id when it is to be queued (new, or never attempted). */
export async function createDelivery(event: OutboxEvent, endpointId: string): Promise<string | undefined> {
  const deliveryId = deliveryIdOf(event.eventId, endpointId);
  try {
    await db()
      .delivery.create({
        deliveryId,
        endpointId,
        eventId: event.eventId,
        type: event.type,
        body: event.body,
        status: "pending",
        attempts: 0,
        nextAttemptAt: new Date().toISOString(),
        ttl: Math.floor(Date.now() / 1000) + 30 * 24 * 60 * 60,
      })
      .go();
    return deliveryId;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const existing = (await db().delivery.get({ deliveryId }).go({ consistent: true })).data as
      | DeliveryItem
      | undefined;
    return existing?.status === "pending" && existing.attempts === 0 ? deliveryId : undefined;
  }
}

async function raiseQuarantine(event: OutboxEvent): Promise<void> {
  const { data } = JSON.parse(event.body) as EventBody;
  const details = JSON.parse(event.alert ?? "{}") as {
    reason?: string;
    signatures?: string[];
    detectedType?: string;
    quarantineKey?: string;
  };
  await Alerts.raise({
    alertId: event.eventId,
    kind: "quarantine",
    uploadId: String(data.uploadId),
    ownerId: String(data.ownerId),
    purpose: String(data.purpose),
    reason: details.reason,
    signatures: details.signatures,
    detectedType: details.detectedType,
    quarantineKey: details.quarantineKey,
    createdAt: event.occurredAt,
  });
}
