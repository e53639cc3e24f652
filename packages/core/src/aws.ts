// AWS SDK clients for the current settings (with local endpoints when set): one per
// region, endpoint and credentials, so two local stacks in one process never share one.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { perSettings, type Settings } from "./settings";

/**
 * Bounds on every S3 call: a connection that is not made, or a request that goes silent,
 * fails instead of holding one of the pool's sockets forever.
 */
const s3Connections = {
  connectionTimeout: 5_000,
  requestTimeout: 60_000,
  throwOnRequestTimeout: true,
  httpAgent: { keepAlive: true, maxSockets: 100 },
  httpsAgent: { keepAlive: true, maxSockets: 100 },
};

const clientKey = (service: keyof Settings["endpoints"]) => (value: Settings) => [
  value.region,
  value.endpoints[service],
  value.credentials?.accessKeyId,
];

export const s3 = perSettings(
  clientKey("s3"),
  ({ region, endpoints, credentials }) =>
    new S3Client({
      region,
      credentials,
      endpoint: endpoints.s3,
      forcePathStyle: endpoints.s3 !== undefined,
      // Without these the SDK sends aws-chunked bodies and the presigner bakes an
      // empty-body CRC32 into URLs, which S3 then rejects for any real body.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      requestHandler: s3Connections,
    }),
);

export const dynamodb = perSettings(
  clientKey("dynamodb"),
  ({ region, endpoints, credentials }) => new DynamoDBClient({ region, credentials, endpoint: endpoints.dynamodb }),
);

export const sqs = perSettings(
  clientKey("sqs"),
  ({ region, endpoints, credentials }) => new SQSClient({ region, credentials, endpoint: endpoints.sqs }),
);

/** S3 answered that the object (or key) is not there. */
export function isMissing(error: unknown): boolean {
  const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e.name === "NoSuchKey" || e.name === "NotFound" || e.Code === "NoSuchKey" || e.$metadata?.httpStatusCode === 404
  );
}

/**
 * Whether the object is there. Anything S3 answers but "not there" is thrown as `Fault`
 * (the scanner's or the processor's), so its queue delivers the record again.
 */
export async function objectExists(
  bucket: string,
  key: string,
  Fault: new (message: string, options: { cause: unknown }) => Error,
): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw new Fault(`S3 HeadObject ${bucket}/${key}: ${(error as Error).message}`, { cause: error });
  }
}
