// The environment every Intake function gets, built by core's one builder from the resources
// the stacks made and the tunables set at synth time. Plain variables rather than SST `bind`:
// binding would also grant s3:*, dynamodb:* and sqs:* on each bound resource.
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as sns from "aws-cdk-lib/aws-sns";
import type { Queue } from "sst/constructs";
import { environment, type Resources } from "../packages/core/src/settings";
import type { Auth } from "./Auth";
import { tunables } from "./settings";
import {
  processMaxReceives,
  processVisibilityTimeout,
  scanMaxReceives,
  scanVisibilityTimeout,
  type Storage,
} from "./Storage";

export function functionEnvironment(
  storage: ReturnType<typeof Storage>,
  auth: ReturnType<typeof Auth>,
  beside: Pick<Resources, "clamd" | "files" | "originVerifySecret"> = {},
) {
  return environment(
    {
      table: storage.table.tableName,
      buckets: {
        staging: storage.staging.bucketName,
        production: storage.production.bucketName,
        quarantine: storage.quarantine.bucketName,
      },
      scanQueueUrl: storage.scanQueue.queueUrl,
      scan: { maxReceives: scanMaxReceives, visibilityTimeoutSeconds: scanVisibilityTimeout.toSeconds() },
      processQueueUrl: storage.processQueue.queueUrl,
      processing: { maxReceives: processMaxReceives, visibilityTimeoutSeconds: processVisibilityTimeout.toSeconds() },
      productionKmsKeyId: storage.productionKey.keyArn,
      jwt: { issuer: auth.issuer, audience: auth.clientId, jwksUrl: auth.jwksUrl },
      ...beside,
    },
    tunables(),
  );
}

/**
 * What the events code reads (API, dispatcher, sender): where deliveries are queued, the
 * security alerts topic and the key endpoint secrets are encrypted with. No
 * INTAKE_WEBHOOK_ALLOW_LOOPBACK: deployed, its default holds (endpoints must be public https).
 */
export function eventsEnvironment(events: { deliveryQueue: Queue; securityAlerts: sns.ITopic; secretsKey: kms.IKey }) {
  return {
    INTAKE_DELIVERY_QUEUE_URL: events.deliveryQueue.queueUrl,
    INTAKE_ALERTS_TOPIC_ARN: events.securityAlerts.topicArn,
    INTAKE_WEBHOOK_SECRETS_KEY_ID: events.secretsKey.keyArn,
  };
}
