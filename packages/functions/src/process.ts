// The processing consumer: an SQS batch handler that reports partial batch failures, so one
// bad record is retried alone. Lambda runs it from the processing queue; local mode's poller
// calls it too.
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Actor } from "@intake/core/actor";
import { withLogContext, withRequest } from "@intake/core/log";
import { Process } from "@intake/core/process";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

async function processRecord(record: SQSRecord): Promise<void> {
  await withLogContext({ uploadId: Process.uploadIdOf(record.body) }, () =>
    Process.handleMessage({
      body: record.body,
      receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
    }),
  );
}

export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  // One processor per call: the local poller calls this handler for several batches at once.
  const processor = new BatchProcessor(EventType.SQS);
  return withRequest(context?.awsRequestId, () =>
    Actor.provide({ type: "system", properties: { name: "processor" } }, () =>
      processPartialResponse(event, processRecord, processor, { context: context as Context }),
    ),
  );
}
