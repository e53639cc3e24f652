// The webhook sender: an SQS batch handler over the delivery queue with partial batch
// failures. A failed attempt is not a failed record: the sender queues the next attempt
// itself (with the schedule's delay); only a fault (DynamoDB, SQS) fails a record.
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Actor } from "@intake/core/actor";
import { Events } from "@intake/core/events/index";
import { DeliveryMessage } from "@intake/core/events/queue";
import { withRequest } from "@intake/core/log";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

async function sendRecord(record: SQSRecord): Promise<void> {
  const message = DeliveryMessage.parse(JSON.parse(record.body));
  await Events.deliver(message);
}

export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  return withRequest(context?.awsRequestId, () =>
    Actor.provide({ type: "system", properties: { name: "sender" } }, () =>
      processPartialResponse(event, sendRecord, processor, { context: context as Context }),
    ),
  );
}
