// Local mode's DynamoDB Streams event source mapping: reads the table's stream and hands each
// batch to the same dispatcher Lambda runs. After each batch it checkpoints (the last sequence
// number handled per shard, in a file beside the data), so a stopped and restarted poller
// dispatches exactly the records it had not handled: none twice, none lost.
import { describeError, log } from "@intake/core/log";
import { type Checkpoint, openStream, type StreamReader } from "@intake/core/events/stream-reader";
import type { StreamRecord } from "@intake/core/events/stream-reader";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface StreamPollerOptions {
  dynamo: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  table: string;
  checkpointFile: string;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
  /** Wait between reads that found nothing (default 100 ms). */
  idleMs?: number;
}

export interface StreamPoller {
  /** Stops reading and forgets where it was, as a killed process would; the checkpoint stays. */
  pause(): Promise<void>;
  /** Starts again from the checkpoint. */
  resume(): void;
  stop(): Promise<void>;
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const idleMs = options.idleMs ?? 100;
  let running: Promise<void> | undefined;
  let stopping = false;

  async function run(): Promise<void> {
    let reader: StreamReader | undefined;
    try {
      while (!stopping) {
        try {
          reader ??= await openStream(options.dynamo, options.table);
          const handled = await readOnce(reader);
          if (!handled) await sleep(idleMs);
        } catch (error) {
          log("error", "events stream poller: fault", { error: describeError(error) });
          // Read again from the checkpoint: the failed records come back.
          reader?.close();
          reader = undefined;
          await sleep(1_000);
        }
      }
    } finally {
      reader?.close();
    }
  }

  async function readOnce(reader: StreamReader): Promise<boolean> {
    const checkpoint = await loadCheckpoint(options.checkpointFile);
    const shards = await reader.read(checkpoint);
    for (const { shardId, records } of shards) {
      const event = { Records: records.map((record) => toLambdaRecord(record, reader.streamArn)) };
      const { batchItemFailures } = await options.handler(event);
      const failed = batchItemFailures[0]?.itemIdentifier;
      const done = failed
        ? records.slice(
            0,
            records.findIndex((r) => r.dynamodb?.SequenceNumber === failed),
          )
        : records;
      const last = done.at(-1)?.dynamodb?.SequenceNumber;
      if (last) {
        const next: Checkpoint = {
          streamArn: reader.streamArn,
          shards: { ...(checkpoint?.streamArn === reader.streamArn ? checkpoint.shards : {}), [shardId]: last },
        };
        await saveCheckpoint(options.checkpointFile, next);
      }
      if (failed) throw new Error(`the dispatcher failed record ${failed}`);
    }
    return shards.length > 0;
  }

  const start = () => {
    stopping = false;
    running = run();
  };
  const halt = async () => {
    stopping = true;
    await running;
    running = undefined;
  };
  start();
  return { pause: halt, resume: start, stop: halt };
}

function toLambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...stream } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: "aws:dynamodb",
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(stream as DynamoDBRecord["dynamodb"]),
      ApproximateCreationDateTime: ApproximateCreationDateTime
        ? Math.floor(ApproximateCreationDateTime.getTime() / 1000)
        : undefined,
    },
  };
}

async function loadCheckpoint(file: string): Promise<Checkpoint | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Checkpoint;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function saveCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  await writeFile(temporary, JSON.stringify(checkpoint));
  await rename(temporary, file);
}
