import { Entity } from "electrodb";
import { eventTypes } from "./types";

/**
 * The outbox: one item per event, written in the transaction that made the status change.
 * The table's stream carries its insert to the dispatcher; DynamoDB's TTL removes it later.
 */
export const eventEntity = new Entity({
  model: { entity: "event", version: "1", service: "intake" },
  attributes: {
    eventId: { type: "string", required: true, readOnly: true },
    type: { type: eventTypes, required: true, readOnly: true },
    uploadId: { type: "string", readOnly: true },
    occurredAt: { type: "string", required: true, readOnly: true },
    /** The webhook body, as JSON: every attempt and replay sends these exact bytes. */
    body: { type: "string", required: true, readOnly: true },
    /** Quarantines only: what the security alert says beyond the body, as JSON. */
    alert: { type: "string", readOnly: true },
    ttl: { type: "number" },
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["eventId"] },
      sk: { field: "sk", composite: [] },
    },
  },
});
