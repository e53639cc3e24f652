import { Entity, type EntityItem } from "electrodb";
import { eventTypes } from "./types";

const now = () => new Date().toISOString();

/** A webhook endpoint. Its secrets are stored encrypted, never as given out. */
export const endpointEntity = new Entity({
  model: { entity: "endpoint", version: "1", service: "intake" },
  attributes: {
    endpointId: { type: "string", required: true, readOnly: true },
    url: { type: "string", required: true },
    events: { type: "set", items: eventTypes, required: true },
    description: { type: "string" },
    enabled: { type: "boolean", required: true, default: true },
    secret: { type: "string", required: true },
    /** The secret before the last rotation, still signed with until `previousSecretUntil`. */
    previousSecret: { type: "string" },
    previousSecretUntil: { type: "string" },
    /** When its deliveries started failing and none has succeeded since. */
    failingSince: { type: "string" },
    lastDelivery: {
      type: "map",
      properties: {
        deliveryId: { type: "string" },
        at: { type: "string" },
        status: { type: "string" },
        statusCode: { type: "number" },
      },
    },
    createdAt: { type: "string", required: true, readOnly: true, default: now },
    updatedAt: { type: "string", required: true, default: now, watch: "*", set: () => now() },
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["endpointId"] },
      sk: { field: "sk", composite: [] },
    },
    // Every endpoint, oldest first: a handful per deployment, read whole by the dispatcher.
    byCreated: {
      index: "gsi3",
      pk: { field: "gsi3pk", composite: [] },
      sk: { field: "gsi3sk", composite: ["createdAt", "endpointId"] },
    },
  },
});

export type EndpointItem = EntityItem<typeof endpointEntity>;
