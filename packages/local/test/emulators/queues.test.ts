import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { localSqsClient, startQueues, type QueuesHandle } from "../../src/emulators/queues";
import { canConnect, freePort } from "../../src/net";

describe("fauxqs scan queue and dead-letter queue", () => {
  let queues: QueuesHandle;
  let sqs: SQSClient;
  const maxReceiveCount = 3;

  const receive = (QueueUrl: string) =>
    sqs
      .send(
        new ReceiveMessageCommand({
          QueueUrl,
          WaitTimeSeconds: 0,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
      )
      .then((r) => r.Messages ?? []);

  beforeAll(async () => {
    queues = await startQueues({ port: await freePort(), visibilityTimeoutSeconds: 1, maxReceiveCount });
    sqs = localSqsClient(queues.endpoint);
  });
  afterAll(async () => {
    sqs?.destroy();
    await queues?.stop();
  });

  test("queue URLs are on the loopback endpoint", () => {
    expect(queues.scanQueueUrl).toBe(`${queues.endpoint}/000000000000/intake-scan`);
    expect(queues.deadLetterQueueUrl).toBe(`${queues.endpoint}/000000000000/intake-scan-dlq`);
  });

  test("a client without an endpoint reaches the queue through its URL", async () => {
    const quiet = { debug() {}, info() {}, warn() {}, error() {} }; // it warns that it uses the URL's host
    const plain = new SQSClient({
      region: "us-east-1",
      credentials: { accessKeyId: "x", secretAccessKey: "y" },
      logger: quiet,
    });
    try {
      await plain.send(new SendMessageCommand({ QueueUrl: queues.scanQueueUrl, MessageBody: "via-url" }));
      const [message] = await receive(queues.scanQueueUrl);
      expect(message?.Body).toBe("via-url");
      await plain.send(
        new DeleteMessageCommand({ QueueUrl: queues.scanQueueUrl, ReceiptHandle: message?.ReceiptHandle }),
      );
    } finally {
      plain.destroy();
    }
  });

  test("send, receive, hidden while in flight, visible again after the timeout", async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.scanQueueUrl, MessageBody: "hello" }));
    const [first] = await receive(queues.scanQueueUrl);
    expect(first?.Body).toBe("hello");
    expect(await receive(queues.scanQueueUrl)).toEqual([]);
    await sleep(1_100);
    const [again] = await receive(queues.scanQueueUrl);
    expect(again?.MessageId).toBe(first?.MessageId);
    expect(again?.Attributes?.ApproximateReceiveCount).toBe("2");
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queues.scanQueueUrl, ReceiptHandle: again?.ReceiptHandle }));
    await sleep(1_100);
    expect(await receive(queues.scanQueueUrl)).toEqual([]);
  });

  test("long polling returns as soon as a message arrives", async () => {
    const started = Date.now();
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.scanQueueUrl, WaitTimeSeconds: 5 }));
    await sleep(200);
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.scanQueueUrl, MessageBody: "late" }));
    const { Messages } = await polling;
    expect(Messages?.[0]?.Body).toBe("late");
    expect(Date.now() - started).toBeLessThan(2_000);
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: queues.scanQueueUrl, ReceiptHandle: Messages?.[0]?.ReceiptHandle }),
    );
  });

  test("a message received maxReceiveCount times without delete lands in the dead-letter queue", async () => {
    const { MessageId } = await sqs.send(
      new SendMessageCommand({ QueueUrl: queues.scanQueueUrl, MessageBody: "poison" }),
    );
    for (let i = 1; i <= maxReceiveCount; i++) {
      const [message] = await receive(queues.scanQueueUrl);
      expect(message?.MessageId).toBe(MessageId);
      expect(message?.Attributes?.ApproximateReceiveCount).toBe(String(i));
      await sleep(1_100);
    }
    // Like SQS, the move happens on the next receive of the source queue.
    expect(await receive(queues.scanQueueUrl)).toEqual([]);
    const [dead] = await receive(queues.deadLetterQueueUrl);
    expect(dead?.MessageId).toBe(MessageId);
    expect(dead?.Body).toBe("poison");
  });

  test("stop closes the port", async () => {
    const port = Number(new URL(queues.endpoint).port);
    await queues.stop();
    expect(await canConnect(port)).toBe(false);
  });
});
