// The scan consumer: an SQS batch handler that reports partial batch failures, so one bad
// record is retried alone. Lambda runs it from the queue; local mode's poller calls it too.
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Actor } from "@intake/core/actor";
import { Keys } from "@intake/core/keys";
import { withLogContext, withRequest } from "@intake/core/log";
import { Scan } from "@intake/core/scan";
import { createdObjects } from "@intake/core/scan/event";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

async function scanRecord(record: SQSRecord): Promise<void> {
  await withLogContext({ uploadId: uploadIdOf(record.body) }, () =>
    Scan.handleMessage({
      body: record.body,
      receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
    }),
  );
}

/** The upload a message is about: S3 sends one record per message, so the first says it. */
function uploadIdOf(body: string): string | undefined {
  const [first] = createdObjects(body).objects;
  return first && Keys.parseStaging(first.key)?.uploadId;
}

export async function handler(event: SQSEvent, context?: Context): Promise<SQSBatchResponse> {
  // A processor keeps the batch it is working on: one per call, since the local poller
  // calls this handler for several batches at once (Lambda gives each instance one).
  const processor = new BatchProcessor(EventType.SQS);
  return withRequest(context?.awsRequestId, () =>
    Actor.provide({ type: "system", properties: { name: "scanner" } }, () =>
      processPartialResponse(event, scanRecord, processor, { context: context as Context }),
    ),
  );
}
