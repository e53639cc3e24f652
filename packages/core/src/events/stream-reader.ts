// Reads a DynamoDB table's stream as Lambda's event source mapping does, for local mode:
// ListStreams → DescribeStream → GetShardIterator → GetRecords, from a checkpoint (the last
// sequence number handled per shard) or from the oldest record kept.
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type _Record,
} from "@aws-sdk/client-dynamodb-streams";

export type StreamRecord = _Record;
export type Checkpoint = { streamArn: string; shards: Record<string, string> };

export interface StreamReader {
  streamArn: string;
  /** The records after the checkpoint, in order, per shard; call again for more. */
  read(checkpoint: Checkpoint | undefined): Promise<{ shardId: string; records: _Record[] }[]>;
  close(): void;
}

export async function openStream(
  config: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } },
  table: string,
): Promise<StreamReader> {
  const client = new DynamoDBStreamsClient(config);
  const { Streams = [] } = await client.send(new ListStreamsCommand({ TableName: table }));
  const streamArn = Streams.at(-1)?.StreamArn;
  if (!streamArn) throw new Error(`table ${table} has no stream`);
  // An iterator per shard, kept between reads; a shard whose iterator ends is finished.
  const iterators = new Map<string, string | null>();
  return {
    streamArn,
    async read(checkpoint) {
      const from = checkpoint?.streamArn === streamArn ? checkpoint.shards : {};
      const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      const results: { shardId: string; records: _Record[] }[] = [];
      for (const shard of StreamDescription?.Shards ?? []) {
        const shardId = shard.ShardId ?? "";
        let iterator = iterators.get(shardId);
        if (iterator === null) continue;
        if (iterator === undefined) {
          const after = from[shardId];
          const { ShardIterator } = await client.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: shardId,
              ...(after
                ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }
                : { ShardIteratorType: "TRIM_HORIZON" }),
            }),
          );
          iterator = ShardIterator ?? null;
        }
        if (!iterator) {
          iterators.set(shardId, null);
          continue;
        }
        const { Records = [], NextShardIterator } = await client.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }),
        );
        iterators.set(shardId, NextShardIterator ?? null);
        if (Records.length > 0) results.push({ shardId, records: Records });
      }
      return results;
    },
    close: () => client.destroy(),
  };
}
