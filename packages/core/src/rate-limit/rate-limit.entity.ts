import { Entity } from "electrodb";

/** One fixed window of counted actions for one subject; DynamoDB's TTL removes old windows. */
export const rateLimitEntity = new Entity({
  model: { entity: "rateLimit", version: "1", service: "intake" },
  attributes: {
    subject: { type: "string", required: true, readOnly: true },
    action: { type: "string", required: true, readOnly: true },
    windowStart: { type: "number", required: true, readOnly: true },
    count: { type: "number" },
    ttl: { type: "number" },
  },
  indexes: {
    byWindow: {
      pk: { field: "pk", composite: ["subject", "action"] },
      sk: { field: "sk", composite: ["windowStart"] },
    },
  },
});
