import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import type * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { NagSuppressions } from "cdk-nag";
import { Bucket, Queue, Table, type App, type StackContext } from "sst/constructs";
import { accessLogBucket, logAccess } from "./access-logs";
import { alertsTopic, deadLetterAlarm, type Stage } from "./alarms";
import { filesOrigin } from "./files-origin";
import { quarantineReader } from "./quarantine-reader";
import { productionLifecycle, replicaStack, replicate } from "./replica";
import { deploySetting, siteOrigin } from "./settings";
import { cloudFrontWebAcl } from "./waf";

/** The scan consumer's Lambda timeout; the scan queue's visibility timeout is 6× this. */
export const scannerTimeout = Duration.minutes(5);
export const scanVisibilityTimeout = Duration.seconds(scannerTimeout.toSeconds() * 6);
/** Receives of a scan message before it goes to the dead-letter queue. */
export const scanMaxReceives = 5;
/** The processing consumer's Lambda timeout (above INTAKE_PROCESS_TIMEOUT_SECONDS); its queue's visibility timeout is 6× this. */
export const processorTimeout = Duration.minutes(2);
export const processVisibilityTimeout = Duration.seconds(processorTimeout.toSeconds() * 6);
export const processMaxReceives = 5;

/**
 * The scanner's role has a fixed name so the quarantine bucket policy (in this stack) can
 * name it without a reference to the Scanner stack, which depends on this one.
 */
export const scannerRoleName = (app: App) => `${app.stage}-${app.name}-scanner`;
/** The processor's role, named for the production bucket policy in the same way. */
export const processorRoleName = (app: App) => `${app.stage}-${app.name}-processor`;

export function Storage({ stack, app }: StackContext) {
  const alerts = alertsTopic(stack);
  const { queue: scanQueue, deadLetters: scanDeadLetters } = stageQueue(stack, "Scan", alerts, {
    visibilityTimeout: scanVisibilityTimeout,
    maxReceives: scanMaxReceives,
  });
  const { queue: processQueue, deadLetters: processDeadLetters } = stageQueue(stack, "Process", alerts, {
    visibilityTimeout: processVisibilityTimeout,
    maxReceives: processMaxReceives,
  });

  // blockPublicACLs: true is what makes a v2 Bucket use BLOCK_ALL (and disable ACLs).
  const staging = new Bucket(stack, "Staging", {
    blockPublicACLs: true,
    cors: [
      {
        allowedMethods: ["PUT", "GET", "HEAD"],
        allowedOrigins: [siteOrigin(app)],
        allowedHeaders: ["*"],
        // The browser must read each PUT's ETag to confirm or complete the upload.
        exposedHeaders: ["ETag"],
        maxAge: "1 hour",
      },
    ],
    notifications: {
      scan: { type: "queue", queue: scanQueue, events: ["object_created"], filters: [{ prefix: "staging/" }] },
    },
    cdk: {
      bucket: {
        encryption: s3.BucketEncryption.S3_MANAGED,
        lifecycleRules: [
          { id: "abort-incomplete-multipart", abortIncompleteMultipartUploadAfter: Duration.days(1) },
          // Backstop: scanned objects are moved out at once; anything left is abandoned.
          { id: "expire-staging", expiration: Duration.days(2) },
        ],
      },
    },
  });

  const accessLogs = accessLogBucket(stack);
  const productionKey = new kms.Key(stack, "ProductionKey", {
    description: `${app.name} ${app.stage} production files`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const production = new Bucket(stack, "Production", {
    blockPublicACLs: true,
    // Downloads are navigations to signed URLs and need none; the admin's preview fetches
    // the bytes of a file under review, which needs GET from the site.
    cors: [{ allowedMethods: ["GET"], allowedOrigins: [siteOrigin(app)], allowedHeaders: ["*"], maxAge: "1 hour" }],
    cdk: {
      bucket: {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: productionKey,
        bucketKeyEnabled: true, // one KMS call per bucket key, not per object
        versioned: true,
        lifecycleRules: productionLifecycle(),
        removalPolicy: RemovalPolicy.RETAIN,
      },
    },
  });

  logAccess(stack, production, accessLogs, "production/");
  const replica = replicaStack(app);
  stack.addDependency(replica.stack, "S3 replicates only to a bucket that exists");
  const replication = replicate(stack, app, production.cdk.bucket, productionKey);
  const webAclArn = cloudFrontWebAcl(stack);
  const files = filesOrigin(stack, app, production.cdk.bucket, {
    roleNames: [scannerRoleName(app), processorRoleName(app)],
    webAclArn,
  });

  const quarantine = new Bucket(stack, "Quarantine", {
    blockPublicACLs: true,
    cors: false,
    cdk: {
      bucket: {
        encryption: s3.BucketEncryption.S3_MANAGED,
        // Kept as evidence for a forensics window, then gone.
        lifecycleRules: [
          { id: "expire-quarantine", expiration: Duration.days(deploySetting("INTAKE_QUARANTINE_RETENTION_DAYS")) },
        ],
        removalPolicy: RemovalPolicy.RETAIN,
      },
    },
  });
  logAccess(stack, staging, accessLogs, "staging/");
  logAccess(stack, quarantine, accessLogs, "quarantine/");
  const reader = quarantineReader(stack, quarantine.cdk.bucket, scannerRoleName(app));

  const tableKey = new kms.Key(stack, "TableKey", {
    description: `${app.name} ${app.stage} uploads table`,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Key schema must match packages/core/src/dynamo.ts (tableDefinition), used locally.
  // PAY_PER_REQUEST and point-in-time recovery are SST's Table defaults (asserted in the stack test).
  const table = new Table(stack, "Table", {
    fields: {
      pk: "string",
      sk: "string",
      gsi1pk: "string",
      gsi1sk: "string",
      gsi2pk: "string",
      gsi2sk: "string",
      gsi3pk: "string",
      gsi3sk: "string",
    },
    primaryIndex: { partitionKey: "pk", sortKey: "sk" },
    globalIndexes: {
      gsi1: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
      gsi2: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
      gsi3: { partitionKey: "gsi3pk", sortKey: "gsi3sk" },
    },
    timeToLiveAttribute: "ttl",
    // The events outbox is read from the stream (stacks/Events.ts).
    stream: "new_and_old_images",
    cdk: {
      table: {
        removalPolicy: RemovalPolicy.RETAIN,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: tableKey,
      },
    },
  });

  // CDK's handler that sets the staging bucket's notifications, once per deploy.
  NagSuppressions.addResourceSuppressions(
    stack.node.findChild("BucketNotificationsHandler050a0587b7544547bf325f094a3db834"),
    [
      {
        id: "AwsSolutions-IAM4",
        reason: "CDK's deploy-time bucket-notifications handler, with the basic execution role",
      },
    ],
    true,
  );

  stack.addOutputs({
    StagingBucket: staging.bucketName,
    ProductionBucket: production.bucketName,
    QuarantineBucket: quarantine.bucketName,
    QuarantineReaderRole: reader.roleArn,
    Table: table.tableName,
    ScanQueueUrl: scanQueue.queueUrl,
    ScanDeadLetterQueueUrl: scanDeadLetters.queueUrl,
    AlertsTopic: alerts.topicArn,
    FilesUrl: files.origin,
    FilesKeyPairId: files.keyPairId,
    FilesSigningKeyParameter: files.privateKeyParameter,
    ReplicaBucket: `${replication.bucket} (${replication.region})`,
  });

  return {
    staging,
    production,
    productionKey,
    quarantine,
    table,
    tableKey,
    scanQueue,
    scanDeadLetters,
    processQueue,
    processDeadLetters,
    alerts,
    files,
    webAclArn,
    replica,
  };
}

/**
 * A stage's queue (`ScanQueue`, `ProcessQueue`, `DeliveryQueue`) and its dead-letter queue, which raises an
 * alarm on its first message. Dead letters are kept the maximum 14 days so an operator can
 * inspect and redrive them.
 */
export function stageQueue(
  stack: StackContext["stack"],
  stage: Stage,
  alerts: sns.ITopic,
  limits: { visibilityTimeout: Duration; maxReceives: number },
) {
  const deadLetters = new Queue(stack, `${stage}DeadLetters`, {
    cdk: {
      queue: { retentionPeriod: Duration.days(14), encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true },
    },
  });
  const queue = new Queue(stack, `${stage}Queue`, {
    cdk: {
      queue: {
        // AWS's guidance for Lambda consumers: at least 6× the function timeout.
        visibilityTimeout: limits.visibilityTimeout,
        deadLetterQueue: { queue: deadLetters.cdk.queue, maxReceiveCount: limits.maxReceives },
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      },
    },
  });
  deadLetterAlarm(stack, deadLetters.cdk.queue, alerts, stage);
  return { queue, deadLetters };
}
