// A local table from an older version of Intake (kept in .data) is brought up to the current
// definition without losing what it holds; a missing table is created.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { tableDefinition } from "@intake/core/dynamo";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startDynamoDB, type DynamoDBHandle } from "../../src/emulators/dynamodb";
import { freePort } from "../../src/net";
import { ensureTable } from "../../src/table";

let dynamo: DynamoDBHandle;
let config: { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
let db: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startDynamoDB({ port: await freePort() });
  config = {
    endpoint: dynamo.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  db = new DynamoDBClient(config);
});
afterAll(async () => {
  db?.destroy();
  await dynamo?.stop();
});

const indexesOf = async (TableName: string) =>
  ((await db.send(new DescribeTableCommand({ TableName }))).Table?.GlobalSecondaryIndexes ?? [])
    .map((index) => index.IndexName)
    .sort();

it("adds the indexes an older table lacks and keeps its items", async () => {
  const current = tableDefinition("old");
  const older = {
    ...current,
    GlobalSecondaryIndexes: current.GlobalSecondaryIndexes?.filter((index) => index.IndexName !== "gsi3"),
    AttributeDefinitions: current.AttributeDefinitions?.filter((a) => !a.AttributeName?.startsWith("gsi3")),
  };
  await db.send(new CreateTableCommand(older));
  await db.send(
    new PutItemCommand({ TableName: "old", Item: { pk: { S: "a" }, sk: { S: "b" }, note: { S: "kept" } } }),
  );
  expect(await indexesOf("old")).toEqual(["gsi1", "gsi2"]);

  await ensureTable(config, "old");
  expect(await indexesOf("old")).toEqual(["gsi1", "gsi2", "gsi3"]);
  const kept = await db.send(new GetItemCommand({ TableName: "old", Key: { pk: { S: "a" }, sk: { S: "b" } } }));
  expect(kept.Item?.note).toEqual({ S: "kept" });

  await ensureTable(config, "old"); // nothing left to add: no error, no change
  expect(await indexesOf("old")).toEqual(["gsi1", "gsi2", "gsi3"]);
});

it("creates a missing table with every index", async () => {
  await ensureTable(config, "fresh");
  expect(await indexesOf("fresh")).toEqual(["gsi1", "gsi2", "gsi3"]);
});
