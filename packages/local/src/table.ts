// The one table in DynamoDB Local: created from core's definition, or brought up to it.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { tableDefinition, ttlAttribute } from "@intake/core/dynamo";
import { log } from "@intake/core/log";

export async function ensureTable(config: DynamoDBClientConfig, tableName: string) {
  const client = new DynamoDBClient(config);
  try {
    const existing = await describe(client, tableName);
    if (existing) {
      await addMissingIndexes(client, tableName, existing.indexes);
      if (!existing.streaming) await enableStream(client, tableName);
      return;
    }
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
      }),
    );
  } finally {
    client.destroy();
  }
}

/** The names of the table's indexes and whether its stream is on, or undefined when there is no table. */
async function describe(
  client: DynamoDBClient,
  tableName: string,
): Promise<{ indexes: Set<string>; streaming: boolean } | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return {
      indexes: new Set(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName ?? "")),
      streaming: Table?.StreamSpecification?.StreamEnabled === true,
    };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/**
 * A table kept in `.data` from before an index was added gets it now (one per UpdateTable
 * call, as DynamoDB requires). Uploads written before carry no keys for it, so they are
 * missing from that index (the admin's "all" tab) but nowhere else.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, existing: Set<string>) {
  const definition = tableDefinition(tableName);
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (existing.has(index.IndexName ?? "")) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: definition.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    log("warn", "table: added an index; uploads from before it are not in it", { index: index.IndexName });
  }
}

/** A table kept in `.data` from before events out gets its stream (events start from now). */
async function enableStream(client: DynamoDBClient, tableName: string) {
  await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: tableDefinition(tableName).StreamSpecification,
    }),
  );
  log("warn", "table: enabled its stream for events out", { table: tableName });
}
