// Events out: the outbox written with each status change, the dispatcher that fans it out to
// endpoints, the sender that delivers signed webhooks, and security alerts.
export * as Events from "./";

export * as Alerts from "./alerts";
export { handleMessage as deliver } from "./deliver";
export { dispatch, deliveryIdOf, type OutboxEvent } from "./dispatch";
export * as Endpoints from "./endpoints";
export { eventTypes, type EventType, type EventBody } from "./types";
