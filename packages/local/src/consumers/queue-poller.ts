// Local mode's event source mapping: long-polls a queue (scan or processing) and hands each
// batch to the same handler Lambda runs, then deletes the records it reports as done.
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { describeError, log } from "@intake/core/log";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { setTimeout as sleep } from "node:timers/promises";
import { toLambdaRecord } from "./sqs-records";

export interface QueuePollerOptions {
  /** For log lines: which queue this polls. */
  name: string;
  sqs: SQSClient;
  queueUrl: string;
  region: string;
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
  /** Batches handled at once (Lambda's concurrency); each batch runs its records in parallel. */
  concurrency?: number;
  batchSize?: number;
  waitTimeSeconds?: number;
  /**
   * Seconds before a failed record is delivered again. Lambda leaves it hidden for the rest
   * of the visibility timeout; locally a short delay keeps retries quick.
   */
  retryDelaySeconds?: number;
}

export interface QueuePoller {
  /** Stops receiving once the current long polls and batches are done (at most waitTimeSeconds). */
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<void>;
}

export async function startQueuePoller(options: QueuePollerOptions): Promise<QueuePoller> {
  const { sqs, queueUrl, region, handler } = options;
  const concurrency = options.concurrency ?? 2;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
  );
  const queue = { arn: Attributes?.QueueArn ?? "", region };

  let running = true;
  let paused = false;
  let wake: () => void = () => {};
  const abort = new AbortController();
  const idle = new Set<number>();
  let idleChanged: () => void = () => {};

  async function loop(id: number): Promise<void> {
    while (running) {
      if (paused) {
        idle.add(id);
        idleChanged();
        await new Promise<void>((resolve) => (wake = chain(wake, resolve)));
        idle.delete(id);
        continue;
      }
      try {
        await pollOnce(abort.signal);
      } catch (error) {
        if (abort.signal.aborted) continue;
        log("error", `${options.name} poller: fault`, { error: describeError(error) });
        await sleep(1_000);
      }
    }
  }

  async function pollOnce(signal: AbortSignal): Promise<void> {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: options.batchSize ?? 10,
        WaitTimeSeconds: options.waitTimeSeconds ?? 20,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
      { abortSignal: signal },
    );
    if (Messages.length === 0) return;
    const records = Messages.map((message) => toLambdaRecord(message, queue));
    let failedIds: Set<string>;
    try {
      const response = await handler({ Records: records });
      failedIds = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch {
      // The whole batch failed (the handler throws then, as on Lambda).
      failedIds = new Set(records.map((record) => record.messageId));
    }
    const done = records.filter((record) => !failedIds.has(record.messageId));
    const failed = records.filter((record) => failedIds.has(record.messageId));
    if (done.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((record, i) => ({ Id: String(i), ReceiptHandle: record.receiptHandle })),
        }),
      );
    }
    if (failed.length > 0 && options.retryDelaySeconds !== undefined) {
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: failed.map((record, i) => ({
            Id: String(i),
            ReceiptHandle: record.receiptHandle,
            VisibilityTimeout: options.retryDelaySeconds,
          })),
        }),
      );
    }
  }

  const loops = Array.from({ length: concurrency }, (_, id) => loop(id));

  const allIdle = () =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (idle.size === concurrency || !running) resolve();
      };
      idleChanged = check;
      check();
    });

  return {
    async pause() {
      // The long polls are left to finish: aborting one can leave a message SQS already
      // handed to it hidden for the whole visibility timeout.
      paused = true;
      await allIdle();
    },
    resume() {
      paused = false;
      const resolveAll = wake;
      wake = () => {};
      resolveAll();
    },
    async stop() {
      running = false;
      abort.abort();
      const resolveAll = wake;
      wake = () => {};
      resolveAll();
      await Promise.all(loops);
    },
  };
}

function chain(first: () => void, second: () => void): () => void {
  return () => {
    first();
    second();
  };
}
