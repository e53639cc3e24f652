import { Entity, type EntityItem } from "electrodb";

export const alertKinds = ["quarantine", "endpoint_disabled"] as const;

/** A security alert, as published to the alerts topic; its id is the event's that raised it. */
export const alertEntity = new Entity({
  model: { entity: "alert", version: "1", service: "intake" },
  attributes: {
    alertId: { type: "string", required: true, readOnly: true },
    kind: { type: alertKinds, required: true, readOnly: true },
    uploadId: { type: "string", readOnly: true },
    ownerId: { type: "string", readOnly: true },
    purpose: { type: "string", readOnly: true },
    reason: { type: "string", readOnly: true },
    signatures: { type: "list", items: { type: "string" }, readOnly: true },
    detectedType: { type: "string", readOnly: true },
    quarantineKey: { type: "string", readOnly: true },
    endpointId: { type: "string", readOnly: true },
    url: { type: "string", readOnly: true },
    createdAt: { type: "string", required: true, readOnly: true },
    /** Set once the topic accepted it: a re-dispatched event publishes only when unset. */
    publishedAt: { type: "string" },
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["alertId"] },
      sk: { field: "sk", composite: [] },
    },
    byCreated: {
      index: "gsi3",
      pk: { field: "gsi3pk", composite: [] },
      sk: { field: "gsi3sk", composite: ["createdAt", "alertId"] },
    },
  },
});

export type AlertItem = EntityItem<typeof alertEntity>;
