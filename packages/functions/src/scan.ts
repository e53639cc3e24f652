// The scan consumer: an SQS batch handler that reports partial batch failures, so one bad
// record is retried alone. Lambda runs it from the queue; local mode's poller calls it too.
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Actor } from "@intake/core/actor";
import { Keys } from "@intake/core/keys";
import { describeError, log, withLogContext, withRequest } from "@intake/core/log";
import { Scan } from "@intake/core/scan";
import { createdObjects } from "@intake/core/scan/event";
import { ScanShare } from "@intake/core/scan/share";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

/** How long a record waits in the queue when its owner's other uploads hold their share. */
const deferSeconds = 5;

async function scanRecord(record: SQSRecord): Promise<void> {
  const staged = stagedOf(record.body);
  await withLogContext({ uploadId: staged?.uploadId }, async () => {
    const scan = () =>
      Scan.handleMessage({
        body: record.body,
        receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
      });
    const cap = ScanShare.cap();
    if (cap === undefined || !staged) return scan();
    const lease = await ScanShare.acquire(staged, cap);
    if (!lease.taken) {
      // Back on the queue as a fresh message: waiting spends none of the record's receives.
      await ScanShare.defer(record.body, deferSeconds);
      log("info", "Scan deferred: the uploader's other files hold their share of the scanner", {
        share: cap,
        delaySeconds: deferSeconds,
      });
      return;
    }
    try {
      await scan();
    } finally {
      // A lease that cannot be given back expires on its own; the scan's outcome stands.
      await ScanShare.release(staged, lease.until).catch((error) =>
        log("warn", "Scan lease not released", { error: describeError(error) }),
      );
    }
  });
}

/** The staged object a message is about: S3 sends one record per message, so the first says it. */
function stagedOf(body: string): { ownerId: string; uploadId: string } | undefined {
  const [first] = createdObjects(body).objects;
  return first && Keys.parseStaging(first.key);
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
