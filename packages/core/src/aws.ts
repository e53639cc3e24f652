// AWS SDK clients, made once from the settings (with local endpoints when set).
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { settings } from "./settings";

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export const s3 = once(() => {
  const { region, endpoints } = settings();
  return new S3Client({
    region,
    endpoint: endpoints.s3,
    forcePathStyle: endpoints.s3 !== undefined,
    // Without these the SDK sends aws-chunked bodies and the presigner bakes an
    // empty-body CRC32 into URLs, which S3 then rejects for any real body.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
});

export const dynamodb = once(() => {
  const { region, endpoints } = settings();
  return new DynamoDBClient({ region, endpoint: endpoints.dynamodb });
});

export const sqs = once(() => {
  const { region, endpoints } = settings();
  return new SQSClient({ region, endpoint: endpoints.sqs });
});
