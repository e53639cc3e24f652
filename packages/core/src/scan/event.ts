// Scan-queue messages: S3 event notifications, in the JSON shape S3 sends to SQS. The
// sweeper re-sends stuck uploads in the same shape, so the consumer reads one format.
import { z } from "zod";

const ObjectCreated = z.object({
  eventName: z.string().startsWith("ObjectCreated:"),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1), eTag: z.string().optional(), size: z.number().optional() }),
  }),
});

const Message = z.object({ Records: z.array(z.unknown()) });

export interface CreatedObject {
  bucket: string;
  key: string;
  etag?: string;
}

/** The created objects a message names; anything else in it (S3's test event, deletes) is skipped. */
export function createdObjects(body: string): { objects: CreatedObject[]; skipped: number } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { objects: [], skipped: 1 };
  }
  const message = Message.safeParse(json);
  if (!message.success) return { objects: [], skipped: 1 };
  const objects: CreatedObject[] = [];
  let skipped = 0;
  for (const raw of message.data.Records) {
    const record = ObjectCreated.safeParse(raw);
    if (!record.success) {
      skipped++;
      continue;
    }
    const { bucket, object } = record.data.s3;
    const key = decodeEventKey(object.key);
    if (key === undefined) {
      skipped++;
      continue;
    }
    objects.push({ bucket: bucket.name, key, etag: object.eTag || undefined });
  }
  return { objects, skipped };
}

/** S3 form-encodes keys in events: "+" for a space, %XX for the rest. */
export function decodeEventKey(key: string): string | undefined {
  try {
    return decodeURIComponent(key.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/** A message body like S3's for an object already in staging (the sweeper's re-enqueue). */
export function messageFor(
  object: { bucket: string; key: string; etag?: string; sizeBytes: number },
  region: string,
): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: region,
        eventTime: new Date().toISOString(),
        eventName: "ObjectCreated:Put",
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: "intake-sweeper",
          bucket: { name: object.bucket, arn: `arn:aws:s3:::${object.bucket}` },
          object: {
            key: object.key.split("/").map(encodeURIComponent).join("/"),
            size: object.sizeBytes,
            ...(object.etag ? { eTag: object.etag } : {}),
          },
        },
      },
    ],
  });
}
