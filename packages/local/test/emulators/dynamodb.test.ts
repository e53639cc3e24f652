import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startDynamoDB, type DynamoDBHandle } from "../../src/emulators/dynamodb";
import { canConnect, freePort } from "../../src/net";

function client(endpoint: string) {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

async function createTable(db: DynamoDBClient, TableName: string) {
  await db.send(
    new CreateTableCommand({
      TableName,
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe("DynamoDB Local in memory", () => {
  let dynamo: DynamoDBHandle;
  let db: DynamoDBClient;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    const started = Date.now();
    dynamo = await startDynamoDB({ port });
    console.log(`DynamoDB Local (in memory) ready in ${Date.now() - started} ms`);
    db = client(dynamo.endpoint);
    await createTable(db, "uploads");
  });
  afterAll(async () => {
    db?.destroy();
    await dynamo?.stop();
  });

  test("a conditional put refuses to overwrite", async () => {
    const put = () =>
      db.send(
        new PutItemCommand({
          TableName: "uploads",
          Item: { pk: { S: "once" } },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    await put();
    await expect(put()).rejects.toBeInstanceOf(ConditionalCheckFailedException);
  });

  test("50 concurrent conditional transitions: exactly one wins", async () => {
    await db.send(new PutItemCommand({ TableName: "uploads", Item: { pk: { S: "race" }, status: { S: "pending" } } }));
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        db.send(
          new UpdateItemCommand({
            TableName: "uploads",
            Key: { pk: { S: "race" } },
            UpdateExpression: "SET #s = :next, winner = :i",
            ConditionExpression: "#s = :from",
            ExpressionAttributeNames: { "#s": "status" },
            ExpressionAttributeValues: {
              ":from": { S: "pending" },
              ":next": { S: "scanning" },
              ":i": { N: String(i) },
            },
          }),
        ),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost.every((r) => r.reason instanceof ConditionalCheckFailedException)).toBe(true);
    const { Item } = await db.send(new GetItemCommand({ TableName: "uploads", Key: { pk: { S: "race" } } }));
    expect(Item?.status?.S).toBe("scanning");
    expect(results[Number(Item?.winner?.N)]?.status).toBe("fulfilled");
  });

  test("stop closes the port and ends the process", async () => {
    const { pid } = dynamo;
    await dynamo.stop();
    expect(await canConnect(port)).toBe(false);
    expect(isGone(pid)).toBe(true);
  });
});

describe("DynamoDB Local with a data directory", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "intake-dynamodb-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  test("data survives a restart", async () => {
    const port = await freePort();
    const first = await startDynamoDB({ port, dataDir });
    const db1 = client(first.endpoint);
    try {
      await createTable(db1, "kept");
      await db1.send(new PutItemCommand({ TableName: "kept", Item: { pk: { S: "a" }, v: { S: "1" } } }));
    } finally {
      db1.destroy();
      await first.stop();
    }
    const started = Date.now();
    const second = await startDynamoDB({ port, dataDir });
    console.log(`DynamoDB Local (on disk, restart) ready in ${Date.now() - started} ms`);
    const db2 = client(second.endpoint);
    try {
      const { Item } = await db2.send(new GetItemCommand({ TableName: "kept", Key: { pk: { S: "a" } } }));
      expect(Item?.v?.S).toBe("1");
    } finally {
      db2.destroy();
      await second.stop();
    }
  }, 60_000);
});
