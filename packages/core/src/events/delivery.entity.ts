import { Entity, type EntityItem } from "electrodb";
import { eventTypes } from "./types";

const now = () => new Date().toISOString();

export const deliveryStatuses = ["pending", "delivered", "failed"] as const;

/**
 * One event for one endpoint. Its id is the `webhook-id` of every attempt and replay, and is
 * derived from the event and the endpoint, so a re-dispatched event creates no second one.
 */
export const deliveryEntity = new Entity({
  model: { entity: "delivery", version: "1", service: "intake" },
  attributes: {
    deliveryId: { type: "string", required: true, readOnly: true },
    endpointId: { type: "string", required: true, readOnly: true },
    eventId: { type: "string", required: true, readOnly: true },
    type: { type: eventTypes, required: true, readOnly: true },
    body: { type: "string", required: true, readOnly: true },
    status: { type: deliveryStatuses, required: true },
    attempts: { type: "number", required: true, default: 0 },
    lastStatusCode: { type: "number" },
    lastDurationMs: { type: "number" },
    lastError: { type: "string" },
    lastAttemptAt: { type: "string" },
    nextAttemptAt: { type: "string" },
    /** Every attempt, oldest first. */
    log: {
      type: "list",
      items: {
        type: "map",
        properties: {
          attempt: { type: "number", required: true },
          at: { type: "string", required: true },
          statusCode: { type: "number" },
          durationMs: { type: "number", required: true },
          error: { type: "string" },
          nextAttemptAt: { type: "string" },
        },
      },
    },
    createdAt: { type: "string", required: true, readOnly: true, default: now },
    updatedAt: { type: "string", required: true, default: now, watch: "*", set: () => now() },
    ttl: { type: "number" },
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["deliveryId"] },
      sk: { field: "sk", composite: [] },
    },
    byEndpoint: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["endpointId"] },
      sk: { field: "gsi1sk", composite: ["createdAt", "deliveryId"] },
    },
  },
});

export type DeliveryItem = EntityItem<typeof deliveryEntity>;
