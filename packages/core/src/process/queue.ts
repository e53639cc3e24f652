// The processing queue's messages: what the scanner and the sweeper send, and what the
// consumer reads. Apart from the inspectors, so senders do not bundle sharp or PDF.js.
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { z } from "zod";
import { sqs } from "../aws";
import { settings } from "../settings";

/** A processing-queue message: the upload to process. */
export const Message = z.object({ uploadId: z.string().min(1).max(128) });

/** The upload a message names, or undefined when the body is not a processing message. */
export function uploadIdOf(body: string): string | undefined {
  try {
    return Message.parse(JSON.parse(body)).uploadId;
  } catch {
    return undefined;
  }
}

/** Queues an upload for processing (the scanner, after a clean scan; the sweeper, when stuck). */
export async function enqueue(upload: { uploadId: string }): Promise<void> {
  const config = settings();
  if (!config.processing.queueUrl) throw new Error("INTAKE_PROCESS_QUEUE_URL is not set");
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: config.processing.queueUrl,
      MessageBody: JSON.stringify({ uploadId: upload.uploadId } satisfies z.infer<typeof Message>),
    }),
  );
}
