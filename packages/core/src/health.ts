export * as Health from "./health";

import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { HeadBucketCommand } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { createConnection } from "node:net";
import { dynamodb, s3, sqs } from "./aws";
import { settings } from "./settings";

type Check = "ok" | "error" | "not_configured";

async function probe(run: () => Promise<unknown>): Promise<Check> {
  try {
    await withTimeout(run(), 3000);
    return "ok";
  } catch {
    return "error";
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** clamd answers PING with PONG. */
export function pingClamd(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port }, () => socket.end("zPING\0"));
    let answer = "";
    socket.on("data", (chunk) => (answer += chunk.toString()));
    socket.on("end", () => (answer.startsWith("PONG") ? resolve() : reject(new Error(answer))));
    socket.on("error", reject);
  });
}

/** What health says: `checks` only to an admin. */
export interface Report {
  ok: boolean;
  checks?: Record<"s3" | "dynamodb" | "queue" | "clamd", Check>;
}

/** That the API answers: what anyone may learn, with no call to anything behind it. */
export async function up(): Promise<Report> {
  return { ok: true };
}

/** Whether each part Intake depends on answers. Reveals nothing but ok or error. */
export async function check(): Promise<Report> {
  const config = settings();
  const [s3Check, dynamodbCheck, queue, clamd] = await Promise.all([
    probe(() => s3().send(new HeadBucketCommand({ Bucket: config.buckets.staging }))),
    probe(() => dynamodb().send(new DescribeTableCommand({ TableName: config.table }))),
    config.scanQueueUrl
      ? probe(() =>
          sqs().send(new GetQueueAttributesCommand({ QueueUrl: config.scanQueueUrl, AttributeNames: ["QueueArn"] })),
        )
      : Promise.resolve<Check>("not_configured"),
    config.clamd
      ? probe(() => pingClamd(config.clamd!.host, config.clamd!.port))
      : Promise.resolve<Check>("not_configured"),
  ]);
  const checks = { s3: s3Check, dynamodb: dynamodbCheck, queue, clamd };
  return { ok: Object.values(checks).every((c) => c !== "error"), checks };
}
