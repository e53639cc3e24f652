// The consumers local mode runs beside the API: the scan and processing pollers and the
// sweeper's schedule.
import type { SQSClient } from "@aws-sdk/client-sqs";
import { provideSettings, type Settings } from "@intake/core/settings";
import { handler as dispatcherHandler } from "@intake/functions/events-dispatcher";
import { handler as senderHandler } from "@intake/functions/events-sender";
import { handler as processHandler } from "@intake/functions/process";
import { handler as scanHandler } from "@intake/functions/scan";
import { handler as sweeperHandler } from "@intake/functions/sweeper";
import { Keys } from "@intake/core/keys";
import { createdObjects } from "@intake/core/scan/event";
import type { SQSRecord } from "aws-lambda";
import { startQueuePoller, type QueuePoller } from "./queue-poller";
import { startStreamPoller, type StreamPoller } from "./stream-poller";
import { startSweeper } from "./sweeper";

export interface ConsumerOptions {
  /** Seconds before a failed scan or processing record is delivered again (default 10). */
  retryDelaySeconds?: number;
  /** Long polls at once (default 2). */
  concurrency?: number;
  /** Records per receive (default 10, as Lambda's SQS default); concurrency × batchSize records run at once. */
  batchSize?: number;
  /** Most scan records one uploader holds at once (default half of concurrency × batchSize). */
  perOwner?: number;
  /** Long-poll wait (default 20 s, as Lambda's event source mapping); pause() waits for it. */
  waitTimeSeconds?: number;
  /** How often the sweeper runs (default 60 s). */
  sweepIntervalMs?: number;
}

export interface Consumers {
  scan: QueuePoller;
  process: QueuePoller;
  /** The table's stream → the events dispatcher. */
  dispatcher: StreamPoller;
  /** The delivery queue → the webhook sender. */
  sender: QueuePoller;
  stop(): Promise<void>;
}

export async function startConsumers(
  queue: { sqs: SQSClient; scanQueueUrl: string; processQueueUrl: string; deliveryQueueUrl: string; region: string },
  stream: {
    dynamo: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
    table: string;
    checkpointFile: string;
  },
  settings: Settings,
  options: ConsumerOptions = {},
): Promise<Consumers> {
  const polling = {
    sqs: queue.sqs,
    region: queue.region,
    concurrency: options.concurrency ?? 2,
    batchSize: options.batchSize ?? 10,
    retryDelaySeconds: options.retryDelaySeconds ?? 10,
    waitTimeSeconds: options.waitTimeSeconds ?? 20,
  };
  const [scan, process, sender, dispatcher] = await Promise.all([
    startQueuePoller({
      ...polling,
      name: "scan",
      queueUrl: queue.scanQueueUrl,
      ownerOf: uploaderOf,
      perOwner: options.perOwner,
      handler: (event) => provideSettings(settings, () => scanHandler(event)),
    }),
    startQueuePoller({
      ...polling,
      name: "process",
      queueUrl: queue.processQueueUrl,
      handler: (event) => provideSettings(settings, () => processHandler(event)),
    }),
    // Many deliveries wait on slow receivers: more batches at once than the scanner.
    startQueuePoller({
      ...polling,
      concurrency: 4,
      name: "sender",
      queueUrl: queue.deliveryQueueUrl,
      handler: (event) => provideSettings(settings, () => senderHandler(event)),
    }),
    startStreamPoller({ ...stream, handler: (event) => provideSettings(settings, () => dispatcherHandler(event)) }),
  ]);
  const sweeper = startSweeper({
    run: () => provideSettings(settings, () => sweeperHandler()),
    intervalMs: options.sweepIntervalMs ?? 60_000,
  });
  return {
    scan,
    process,
    dispatcher,
    sender,
    async stop() {
      await sweeper.stop();
      await Promise.all([scan.stop(), process.stop(), dispatcher.stop(), sender.stop()]);
    },
  };
}

/** The uploader whose staged object a scan event names (an S3 event names one object). */
function uploaderOf(record: SQSRecord): string | undefined {
  const [object] = createdObjects(record.body).objects;
  return object && Keys.parseStaging(object.key)?.ownerId;
}
