import { describeError, log } from "@intake/core/log";
import type { S3EventRecord } from "aws-lambda";
import type S3rver from "s3rver";
import type { S3rverEvent } from "s3rver";

type RawRecord = S3rverEvent["Records"][number];

const CREATED_NAMES: Record<string, string> = {
  "ObjectCreated:Put": "ObjectCreated:Put",
  "ObjectCreated:Copy": "ObjectCreated:Copy",
  // s3rver names CompleteMultipartUpload "Post". Browser form POSTs carry no SigV4 and are
  // refused by the strict middleware, so here Post always means CompleteMultipartUpload.
  "ObjectCreated:Post": "ObjectCreated:CompleteMultipartUpload",
};

/**
 * Calls `deliver` with every ObjectCreated event s3rver emits, reshaped into the record S3 sends
 * to SQS (s3rver's says eventVersion 2.0, region us-east-1, a malformed ARN, no eTag for Copy,
 * and a millisecond sequencer that repeats). Deliveries run one at a time, in order.
 */
export function forwardObjectCreated(
  server: S3rver,
  region: string,
  deliver: (record: S3EventRecord) => void | Promise<void>,
): { flush(): Promise<void> } {
  let chain = Promise.resolve();
  server.on("event", (event) => {
    for (const raw of event.Records) {
      const eventName = CREATED_NAMES[raw.eventName];
      if (!eventName) continue;
      const sequencer = nextSequencer();
      chain = chain
        .then(async () => deliver(toRecord(raw, eventName, region, await eTagOf(server, raw), sequencer)))
        .catch((error: unknown) =>
          log("error", "s3: could not deliver ObjectCreated", { key: raw.s3.object.key, error: describeError(error) }),
        );
    }
  });
  return { flush: () => chain };
}

async function eTagOf(server: S3rver, raw: RawRecord): Promise<string> {
  if (raw.s3.object.eTag) return raw.s3.object.eTag;
  const metadata = await server.store.getMetadata(raw.s3.bucket.name, raw.s3.object.key);
  return JSON.parse(metadata.etag ?? '""') as string;
}

function toRecord(raw: RawRecord, eventName: string, region: string, eTag: string, sequencer: string): S3EventRecord {
  const bucket = raw.s3.bucket.name;
  return {
    eventVersion: "2.1",
    eventSource: "aws:s3",
    awsRegion: region,
    eventTime: raw.eventTime,
    eventName,
    userIdentity: raw.userIdentity,
    requestParameters: raw.requestParameters,
    responseElements: raw.responseElements,
    s3: {
      s3SchemaVersion: "1.0",
      configurationId: "intake-local",
      bucket: { name: bucket, ownerIdentity: raw.s3.bucket.ownerIdentity, arn: `arn:aws:s3:::${bucket}` },
      object: { key: encodeEventKey(raw.s3.object.key), size: Number(raw.s3.object.size ?? 0), eTag, sequencer },
    },
  };
}

/** S3 form-encodes keys in events ("a b(1).pdf" → "a+b%281%29.pdf") but leaves "/" alone. */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, "+")
    .replace(/%2F/g, "/");
}

let lastSequencer = 0n;
/** Increasing hex, like S3's (compare equal-length strings to order events on one key). */
function nextSequencer(): string {
  const now = BigInt(Date.now()) * 1000n;
  lastSequencer = now > lastSequencer ? now : lastSequencer + 1n;
  return lastSequencer.toString(16).toUpperCase().padStart(16, "0");
}
