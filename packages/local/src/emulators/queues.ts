import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { buildApp } from "fauxqs";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface QueuesOptions {
  port: number;
  scanQueueName?: string;
  deadLetterQueueName?: string;
  visibilityTimeoutSeconds?: number;
  /** Receives before a message moves to the dead-letter queue (on the receive after the last). */
  maxReceiveCount?: number;
  receiveWaitTimeSeconds?: number;
}

export interface QueuesHandle {
  endpoint: string;
  region: string;
  scanQueueUrl: string;
  deadLetterQueueUrl: string;
  stop(): Promise<void>;
}

const REGION = "us-east-1";

/** An SQS client for the emulator; any credentials are accepted. */
export function localSqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

// fauxqs names queues http://sqs.<region>.localhost:<port>/… (its SqsStore.host defaults to
// "localhost"), a host that does not resolve here; with an empty host it uses the request's
// Host, so URLs come out as http://127.0.0.1:<port>/…. The stores are not exported: load them
// from the pinned package's dist.
async function storesWithRequestHost() {
  // Not import.meta.resolve: Vite's module runner (vitest's global setup) lacks it.
  const paths = createRequire(import.meta.url).resolve.paths("fauxqs") ?? [];
  const dist = paths.map((dir) => join(dir, "fauxqs", "dist")).find((dir) => existsSync(join(dir, "app.js")));
  if (!dist) throw new Error("fauxqs is not installed");
  const load = (path: string) => import(pathToFileURL(join(dist, path)).href);
  const [sqs, sns, s3] = await Promise.all([
    load("./sqs/sqsStore.js"),
    load("./sns/snsStore.js"),
    load("./s3/s3Store.js"),
  ]);
  const sqsStore = new sqs.SqsStore();
  sqsStore.host = "";
  return { sqsStore, snsStore: new sns.SnsStore(), s3Store: new s3.S3Store() };
}

export async function startQueues({
  port,
  scanQueueName = "intake-scan",
  deadLetterQueueName = `${scanQueueName}-dlq`,
  visibilityTimeoutSeconds = 120,
  maxReceiveCount = 5,
  receiveWaitTimeSeconds = 20,
}: QueuesOptions): Promise<QueuesHandle> {
  const app = buildApp({ logger: false, defaultRegion: REGION, stores: await storesWithRequestHost() });
  await app.listen({ port, host: "127.0.0.1" });
  const endpoint = `http://127.0.0.1:${port}`;
  const sqs = localSqsClient(endpoint);
  try {
    const dlq = await sqs.send(
      new CreateQueueCommand({
        QueueName: deadLetterQueueName,
        Attributes: { MessageRetentionPeriod: "1209600" },
      }),
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }),
    );
    const scan = await sqs.send(
      new CreateQueueCommand({
        QueueName: scanQueueName,
        Attributes: {
          VisibilityTimeout: String(visibilityTimeoutSeconds),
          ReceiveMessageWaitTimeSeconds: String(receiveWaitTimeSeconds),
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: Attributes?.QueueArn,
            maxReceiveCount,
          }),
        },
      }),
    );
    const scanQueueUrl = scan.QueueUrl ?? "";
    const deadLetterQueueUrl = dlq.QueueUrl ?? "";
    for (const url of [scanQueueUrl, deadLetterQueueUrl]) {
      if (!url.startsWith(`${endpoint}/`)) throw new Error(`fauxqs returned queue URL ${url}, not under ${endpoint}`);
    }
    return { endpoint, region: REGION, scanQueueUrl, deadLetterQueueUrl, stop: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  } finally {
    sqs.destroy();
  }
}
