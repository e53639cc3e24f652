// The scan queue's one sender: a message in the shape S3 sends for the staged object.
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { sqs } from "../aws";
import { settings } from "../settings";
import type { UploadItem } from "../upload/store";
import { messageFor } from "./event";

/** Queues the upload's staged object for scanning (the sweeper's re-queue, an admin's re-scan). */
export async function queueScan(upload: Pick<UploadItem, "stagingKey" | "etag" | "sizeBytes">): Promise<void> {
  const config = settings();
  if (!config.scanQueueUrl) throw new Error("INTAKE_SCAN_QUEUE_URL is not set");
  const body = messageFor(
    { bucket: config.buckets.staging, key: upload.stagingKey, etag: upload.etag, sizeBytes: upload.sizeBytes },
    config.region,
  );
  await sqs().send(new SendMessageCommand({ QueueUrl: config.scanQueueUrl, MessageBody: body }));
}
