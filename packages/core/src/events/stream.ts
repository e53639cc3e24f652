// Stream records as Lambda receives them: only an inserted outbox event is of interest.
import type { OutboxEvent } from "./dispatch";
import type { EventType } from "./types";

type Image = Record<string, { S?: string } | undefined>;
interface StreamRecord {
  eventName?: string;
  dynamodb?: { NewImage?: unknown };
}

/** The outbox event a stream record inserted, if it did (every field read is a string). */
export function outboxEvent(record: StreamRecord): OutboxEvent | undefined {
  const image = record.dynamodb?.NewImage as Image | undefined;
  if (record.eventName !== "INSERT" || image?.__edb_e__?.S !== "event") return undefined;
  const text = (name: string) => image[name]?.S;
  const [eventId, type, occurredAt, body] = [text("eventId"), text("type"), text("occurredAt"), text("body")];
  if (!eventId || !type || !occurredAt || !body) throw new Error(`an outbox event without its fields: ${eventId}`);
  return { eventId, type: type as EventType, occurredAt, body, alert: text("alert") };
}
