// The scan consumer: an SQS batch handler that reports partial batch failures, so one bad
// record is retried alone. Lambda runs it from the queue; local mode's poller calls it too.
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Actor } from "@intake/core/actor";
import { Scan } from "@intake/core/scan";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

async function scanRecord(record: SQSRecord): Promise<void> {
  await Actor.provide({ type: "system", properties: { name: "scanner" } }, () =>
    Scan.handleMessage({
      body: record.body,
      receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
    }),
  );
}

export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  // A processor keeps the batch it is working on: one per call, since the local poller
  // calls this handler for several batches at once (Lambda gives each instance one).
  const processor = new BatchProcessor(EventType.SQS);
  return processPartialResponse(event, scanRecord, processor, { context: context as Context });
}
