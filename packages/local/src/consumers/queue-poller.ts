// Local mode's event source mapping: long-polls a queue (scan or processing) and runs each
// record on its own, in a fixed number of slots, with the same handler Lambda runs; a record
// is deleted (or hidden for a retry) as soon as it finishes, so a slow record holds only its
// own slot. An owner's records beyond their share of the slots wait in the queue.
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { describeError, log } from "@intake/core/log";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { setTimeout as sleep } from "node:timers/promises";
import { toLambdaRecord } from "./sqs-records";

export interface QueuePollerOptions {
  /** For log lines: which queue this polls. */
  name: string;
  sqs: SQSClient;
  queueUrl: string;
  region: string;
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
  /** Long polls at once; together with batchSize it sets the slots (concurrency × batchSize). */
  concurrency?: number;
  batchSize?: number;
  waitTimeSeconds?: number;
  /**
   * Seconds before a failed record is delivered again. Lambda leaves it hidden for the rest
   * of the visibility timeout; locally a short delay keeps retries quick.
   */
  retryDelaySeconds?: number;
  /** Whose record this is (the uploader), for the per-owner share; undefined shares no cap. */
  ownerOf?: (record: SQSRecord) => string | undefined;
  /** Most slots one owner's records may hold at once (default half the slots, at least 1). */
  perOwner?: number;
  /** Seconds an owner's record beyond their share waits in the queue before it is received again (default 2). */
  deferSeconds?: number;
}

export interface QueuePoller {
  /** Stops receiving and waits for the current long polls and records (at most waitTimeSeconds after the slowest). */
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<void>;
}

export async function startQueuePoller(options: QueuePollerOptions): Promise<QueuePoller> {
  const { sqs, queueUrl, region, handler } = options;
  const receivers = options.concurrency ?? 2;
  const batchSize = options.batchSize ?? 10;
  const slots = receivers * batchSize;
  const perOwner = options.perOwner ?? Math.max(1, Math.floor(slots / 2));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
  );
  const queue = { arn: Attributes?.QueueArn ?? "", region };

  let running = true;
  let paused = false;
  const abort = new AbortController();
  /** Slots taken: by records running, and reserved by receives in progress. */
  let taken = 0;
  const polling = new Set<number>();
  const records = new Set<Promise<void>>();
  const owners = new Map<string, number>();
  let changed: () => void = () => {};
  const notify = () => {
    const waiting = changed;
    changed = () => {};
    waiting();
  };
  const next = () => new Promise<void>((resolve) => (changed = chainAfter(changed, resolve)));

  async function receiver(id: number): Promise<void> {
    while (running) {
      if (paused || taken >= slots) {
        await next();
        continue;
      }
      const wanted = Math.min(batchSize, slots - taken);
      taken += wanted;
      polling.add(id);
      let messages: Message[] = [];
      try {
        messages = await receive(wanted);
      } catch (error) {
        if (!abort.signal.aborted) {
          log("error", `${options.name} poller: fault`, { error: describeError(error) });
          await sleep(1_000);
        }
      } finally {
        polling.delete(id);
        taken -= wanted - messages.length;
        notify();
      }
      for (const message of messages) {
        const task = handle(toLambdaRecord(message, queue)).finally(() => {
          records.delete(task);
          taken--;
          notify();
        });
        records.add(task);
      }
    }
  }

  async function receive(count: number): Promise<Message[]> {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: count,
        WaitTimeSeconds: options.waitTimeSeconds ?? 20,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
      { abortSignal: abort.signal },
    );
    return Messages;
  }

  async function handle(record: SQSRecord): Promise<void> {
    const owner = options.ownerOf?.(record);
    const held = owner === undefined ? 0 : (owners.get(owner) ?? 0);
    try {
      if (owner !== undefined && held >= perOwner) {
        // Their other records hold their share: this one waits in the queue, not in a slot.
        await defer(record, options.deferSeconds ?? 2);
        return;
      }
      if (owner !== undefined) owners.set(owner, held + 1);
      let failed: boolean;
      try {
        const response = await handler({ Records: [record] });
        failed = response.batchItemFailures.some((failure) => failure.itemIdentifier === record.messageId);
      } catch {
        failed = true; // the handler throws when the whole batch failed, as on Lambda
      } finally {
        if (owner !== undefined) release(owner);
      }
      if (!failed) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle }));
      } else if (options.retryDelaySeconds !== undefined) {
        await hide(record, options.retryDelaySeconds);
      }
    } catch (error) {
      // The record comes back after the visibility timeout; the handlers are idempotent.
      log("error", `${options.name} poller: could not settle a record`, { error: describeError(error) });
    }
  }

  function release(owner: string): void {
    const count = (owners.get(owner) ?? 1) - 1;
    if (count > 0) owners.set(owner, count);
    else owners.delete(owner);
  }

  /**
   * Puts a record back at the end of the queue as a fresh message, so waiting for a slot
   * spends none of its receives (a hidden receive would count towards the dead-letter queue).
   * A crash between the send and the delete leaves a duplicate, which the handlers absorb.
   */
  async function defer(record: SQSRecord, seconds: number): Promise<void> {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: record.body, DelaySeconds: seconds }));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle }));
  }

  function hide(record: SQSRecord, seconds: number): Promise<unknown> {
    return sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl,
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }

  const loops = Array.from({ length: receivers }, (_, id) => receiver(id));

  async function drained(): Promise<void> {
    while (running && (polling.size > 0 || records.size > 0)) await next();
  }

  return {
    async pause() {
      // The long polls are left to finish: aborting one can leave a message SQS already
      // handed to it hidden for the whole visibility timeout.
      paused = true;
      await drained();
    },
    resume() {
      paused = false;
      notify();
    },
    async stop() {
      running = false;
      abort.abort();
      notify();
      await Promise.all(loops);
      await Promise.all(records);
    },
  };
}

function chainAfter(first: () => void, second: () => void): () => void {
  return () => {
    first();
    second();
  };
}
