// The consumers local mode runs beside the API: the scan poller and the sweeper's schedule.
import type { SQSClient } from "@aws-sdk/client-sqs";
import { provideSettings, type Settings } from "@intake/core/settings";
import { handler as scanHandler } from "@intake/functions/scan";
import { handler as sweeperHandler } from "@intake/functions/sweeper";
import { startScanPoller, type ScanPoller } from "./scan-poller";
import { startSweeper } from "./sweeper";

export interface ConsumerOptions {
  /** Seconds before a failed scan record is delivered again (default 10). */
  retryDelaySeconds?: number;
  /** Batches scanned at once (default 2). */
  concurrency?: number;
  /** Records per batch, run in parallel (default 10, as Lambda's SQS default). */
  batchSize?: number;
  /** Long-poll wait (default 20 s, as Lambda's event source mapping); pause() waits for it. */
  waitTimeSeconds?: number;
  /** How often the sweeper runs (default 60 s). */
  sweepIntervalMs?: number;
}

export interface Consumers {
  scan: ScanPoller;
  stop(): Promise<void>;
}

export async function startConsumers(
  queue: { sqs: SQSClient; scanQueueUrl: string; region: string },
  settings: Settings,
  options: ConsumerOptions = {},
): Promise<Consumers> {
  const scan = await startScanPoller({
    sqs: queue.sqs,
    queueUrl: queue.scanQueueUrl,
    region: queue.region,
    handler: (event) => provideSettings(settings, () => scanHandler(event)),
    concurrency: options.concurrency ?? 2,
    batchSize: options.batchSize ?? 10,
    retryDelaySeconds: options.retryDelaySeconds ?? 10,
    waitTimeSeconds: options.waitTimeSeconds ?? 20,
  });
  const sweeper = startSweeper({
    run: () => provideSettings(settings, () => sweeperHandler()),
    intervalMs: options.sweepIntervalMs ?? 60_000,
  });
  return {
    scan,
    async stop() {
      await sweeper.stop();
      await scan.stop();
    },
  };
}
