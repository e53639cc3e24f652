// The delivery queue's messages: `{deliveryId, notBefore?}`. SQS delays a message by at most
// 15 minutes, so a longer wait is several hops: the sender puts back a message that is early.
import { SendMessageBatchCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { z } from "zod";
import { sqs } from "../aws";
import { settings } from "../settings";

const maxDelaySeconds = 900;

export const DeliveryMessage = z.object({ deliveryId: z.string().min(1), notBefore: z.string().optional() });
export type DeliveryMessage = z.infer<typeof DeliveryMessage>;

function queueUrl(): string {
  const url = settings().events.deliveryQueueUrl;
  if (!url) throw new Error("INTAKE_DELIVERY_QUEUE_URL is not set");
  return url;
}

/** Queues the delivery to be attempted in `delaySeconds` (0: now). */
export async function enqueue(deliveryId: string, delaySeconds = 0, now = Date.now()): Promise<void> {
  const notBefore = delaySeconds > maxDelaySeconds ? new Date(now + delaySeconds * 1000).toISOString() : undefined;
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: queueUrl(),
      MessageBody: JSON.stringify({ deliveryId, notBefore } satisfies DeliveryMessage),
      DelaySeconds: Math.min(delaySeconds, maxDelaySeconds),
    }),
  );
}

/** Queues new deliveries to be attempted now, ten to a request. */
export async function enqueueAll(deliveryIds: string[]): Promise<void> {
  for (let i = 0; i < deliveryIds.length; i += 10) {
    const batch = deliveryIds.slice(i, i + 10);
    const { Failed = [] } = await sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl(),
        Entries: batch.map((deliveryId, n) => ({ Id: String(n), MessageBody: JSON.stringify({ deliveryId }) })),
      }),
    );
    if (Failed.length > 0) throw new Error(`the delivery queue refused ${Failed.length} messages`);
  }
}

/** Seconds until `notBefore`, or 0 when it has passed. */
export function remainingSeconds(message: DeliveryMessage, now = Date.now()): number {
  if (!message.notBefore) return 0;
  return Math.max(0, Math.ceil((Date.parse(message.notBefore) - now) / 1000));
}
