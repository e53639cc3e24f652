import { createSubscribedTopic } from "@intake/core/events/local-topic";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { buildApp } from "fauxqs";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** A work queue and its dead-letter queue. */
export interface QueueOptions {
  visibilityTimeoutSeconds?: number;
  /** Receives before a message moves to the dead-letter queue (on the receive after the last). */
  maxReceiveCount?: number;
}

export interface QueuesOptions extends QueueOptions {
  port: number;
  scanQueueName?: string;
  deadLetterQueueName?: string;
  receiveWaitTimeSeconds?: number;
  /** The processing queue's limits; the scan queue's (the top-level ones) otherwise. */
  processing?: QueueOptions;
}

export interface QueuesHandle {
  endpoint: string;
  region: string;
  scanQueueUrl: string;
  deadLetterQueueUrl: string;
  processQueueUrl: string;
  processDeadLetterQueueUrl: string;
  /** Webhook deliveries (the sender re-queues retries itself) and their dead-letter queue. */
  deliveryQueueUrl: string;
  deliveryDeadLetterQueueUrl: string;
  /** The security alerts topic, and a queue subscribed to it (raw messages) to read them locally. */
  alertsTopicArn: string;
  alertsQueueUrl: string;
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
  processing = {},
}: QueuesOptions): Promise<QueuesHandle> {
  const app = buildApp({ logger: false, defaultRegion: REGION, stores: await storesWithRequestHost() });
  await app.listen({ port, host: "127.0.0.1" });
  const endpoint = `http://127.0.0.1:${port}`;
  const sqs = localSqsClient(endpoint);
  try {
    const scan = await createQueuePair(sqs, scanQueueName, deadLetterQueueName, {
      visibilityTimeoutSeconds,
      maxReceiveCount,
      receiveWaitTimeSeconds,
    });
    const process = await createQueuePair(sqs, "intake-process", "intake-process-dlq", {
      visibilityTimeoutSeconds: processing.visibilityTimeoutSeconds ?? visibilityTimeoutSeconds,
      maxReceiveCount: processing.maxReceiveCount ?? maxReceiveCount,
      receiveWaitTimeSeconds,
    });
    const delivery = await createQueuePair(sqs, "intake-delivery", "intake-delivery-dlq", {
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      receiveWaitTimeSeconds,
    });
    const alerts = await createAlerts(endpoint, sqs);
    for (const url of [
      scan.queueUrl,
      scan.deadLetterQueueUrl,
      process.queueUrl,
      process.deadLetterQueueUrl,
      delivery.queueUrl,
      alerts.queueUrl,
    ]) {
      if (!url.startsWith(`${endpoint}/`)) throw new Error(`fauxqs returned queue URL ${url}, not under ${endpoint}`);
    }
    return {
      endpoint,
      region: REGION,
      scanQueueUrl: scan.queueUrl,
      deadLetterQueueUrl: scan.deadLetterQueueUrl,
      processQueueUrl: process.queueUrl,
      processDeadLetterQueueUrl: process.deadLetterQueueUrl,
      deliveryQueueUrl: delivery.queueUrl,
      deliveryDeadLetterQueueUrl: delivery.deadLetterQueueUrl,
      alertsTopicArn: alerts.topicArn,
      alertsQueueUrl: alerts.queueUrl,
      stop: () => app.close(),
    };
  } catch (error) {
    await app.close();
    throw error;
  } finally {
    sqs.destroy();
  }
}

async function createQueuePair(
  sqs: SQSClient,
  name: string,
  deadLetterName: string,
  options: Required<QueueOptions> & { receiveWaitTimeSeconds: number },
): Promise<{ queueUrl: string; deadLetterQueueUrl: string }> {
  const dlq = await sqs.send(
    new CreateQueueCommand({ QueueName: deadLetterName, Attributes: { MessageRetentionPeriod: "1209600" } }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeoutSeconds),
        ReceiveMessageWaitTimeSeconds: String(options.receiveWaitTimeSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: Attributes?.QueueArn,
          maxReceiveCount: options.maxReceiveCount,
        }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl ?? "", deadLetterQueueUrl: dlq.QueueUrl ?? "" };
}

/** The alerts topic, with a queue subscribed to it to read the alerts locally. */
async function createAlerts(endpoint: string, sqs: SQSClient): Promise<{ topicArn: string; queueUrl: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "intake-alerts" }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  const topicArn = await createSubscribedTopic(
    { endpoint, region: REGION },
    "intake-alerts",
    Attributes?.QueueArn ?? "",
  );
  return { topicArn, queueUrl: QueueUrl ?? "" };
}
