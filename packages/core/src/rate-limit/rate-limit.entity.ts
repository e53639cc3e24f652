import { Entity } from "electrodb";

/**
 * A sliding log of one subject's counted actions: the times (epoch ms) of at most `limit` of
 * them within the last window. `revision` makes each write conditional on the log it read;
 * DynamoDB's TTL removes a log once its window has passed.
 */
export const rateLimitEntity = new Entity({
  model: { entity: "rateLimit", version: "2", service: "intake" },
  attributes: {
    subject: { type: "string", required: true, readOnly: true },
    action: { type: "string", required: true, readOnly: true },
    times: { type: "list", items: { type: "number" }, required: true },
    revision: { type: "number", required: true },
    ttl: { type: "number" },
  },
  indexes: {
    byAction: {
      pk: { field: "pk", composite: ["subject", "action"] },
      sk: { field: "sk", composite: [] },
    },
  },
});
