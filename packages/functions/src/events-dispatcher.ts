// The events dispatcher: the table's stream (DynamoDB Streams → Lambda; a stream poller
// locally) hands it every change; it acts on inserted outbox events only. A record that fails
// is reported by its sequence number, so it and the records after it come again.
import { Actor } from "@intake/core/actor";
import { Events } from "@intake/core/events/index";
import { outboxEvent } from "@intake/core/events/stream";
import { describeError, log, withRequest } from "@intake/core/log";
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";

export async function handler(event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> {
  return withRequest(context?.awsRequestId, () =>
    Actor.provide({ type: "system", properties: { name: "dispatcher" } }, async () => {
      // In order: with a failure, everything after it is retried too, so stop at the first.
      for (const record of event.Records) {
        const outbox = outboxEvent(record);
        if (!outbox) continue;
        try {
          await Events.dispatch(outbox);
        } catch (error) {
          log("error", "events: dispatch failed", { eventId: outbox.eventId, error: describeError(error) });
          return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" }] };
        }
      }
      return { batchItemFailures: [] };
    }),
  );
}
