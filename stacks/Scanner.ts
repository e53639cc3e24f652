import { RemovalPolicy, Size } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import { Bucket, use, type StackContext } from "sst/constructs";
import { Auth } from "./Auth";
import { imageEnvironment } from "../packages/functions/scanner/settings";
import { functionEnvironment } from "./function-environment";
import { allow, lambdaRole } from "./lambda-role";
import { scannerImage } from "./scanner-image";
import { requireBelowTimeout } from "./settings";
import { signaturePrefix, signatureUpdater } from "./signature-updater";
import { Storage, scannerRoleName, scannerTimeout } from "./Storage";
import { sweeperJob } from "./sweeper";
import { tableKeyUse, tableReadWrite } from "./table-access";

/** Where packages/functions/scanner/clamd.ts starts clamd inside the scanner's sandbox. */
const clamd = { host: "127.0.0.1", port: 3310 };
const scanBatch = { batchSize: 5, maxConcurrency: 5 };
/**
 * Most of the scanner's records in flight (batch × concurrency = 25) one uploader's files may
 * hold: the rest stay free for everyone else (a lease per upload, packages/core/src/scan/share.ts).
 */
const ownerShare = Math.floor((scanBatch.batchSize * scanBatch.maxConcurrency * 2) / 5);

export function Scanner({ stack, app }: StackContext) {
  const storage = use(Storage);
  const auth = use(Auth);
  const { staging, production, productionKey, quarantine, table, scanQueue, processQueue } = storage;

  // The ClamAV databases (~400 MB), kept here so a cold start does not hit ClamAV's mirrors.
  const signatures = new Bucket(stack, "Signatures", {
    blockPublicACLs: true,
    cors: false,
    cdk: {
      // Only a copy of what ClamAV publishes: `sst remove` may empty and delete it.
      bucket: {
        encryption: s3.BucketEncryption.S3_MANAGED,
        removalPolicy: RemovalPolicy.DESTROY,
        autoDeleteObjects: true,
      },
    },
  });
  NagSuppressions.addResourceSuppressions(signatures.cdk.bucket, [
    { id: "AwsSolutions-S1", reason: "A copy of ClamAV's public databases, written only by the updater" },
  ]);
  const signatureObjects = `${signatures.bucketArn}/${signaturePrefix}*`;

  // clamd's own deadline must end before Lambda's, or a slow scan dies without a verdict.
  requireBelowTimeout("INTAKE_SCAN_TIMEOUT_SECONDS", "scanner", scannerTimeout);

  const scannerAccess = lambdaRole(stack, "Scanner", scannerRoleName(app));
  const scanner = new lambda.DockerImageFunction(stack, "ScannerFunction", {
    description: "Scans staged uploads with ClamAV and moves them to production or quarantine",
    code: scannerImage("scan.handler"),
    role: scannerAccess.role,
    logGroup: scannerAccess.logGroup,
    timeout: scannerTimeout,
    architecture: lambda.Architecture.X86_64, // the image is built for linux/amd64
    // clamd holds the full databases in memory; INSTREAM spools each file to /tmp.
    memorySize: 3008,
    ephemeralStorageSize: Size.gibibytes(10),
    environment: {
      // Set at synth, INTAKE_SCAN_OWNER_SHARE (a tunable) wins over the share derived here.
      INTAKE_SCAN_OWNER_SHARE: String(ownerShare),
      ...functionEnvironment(storage, auth, { clamd }),
      ...imageEnvironment({ signatures: { bucket: signatures.bucketName, prefix: signaturePrefix } }),
    },
  });
  const scannerRole = scannerAccess.role;
  allow(scannerRole, ["s3:GetObject", "s3:DeleteObject"], [`${staging.bucketArn}/staging/*`]);
  // PutObject for the copies; GetObject only authorises HeadObject, which a replay uses to
  // see whether an earlier copy got there.
  allow(
    scannerRole,
    ["s3:PutObject", "s3:GetObject"],
    [`${production.bucketArn}/files/*`, `${quarantine.bucketArn}/quarantine/*`],
  );
  allow(scannerRole, ["kms:GenerateDataKey", "kms:Decrypt"], [productionKey.keyArn]);
  // Without ListBucket a missing key is 403 instead of 404, which would read as a fault.
  allow(
    scannerRole,
    ["s3:ListBucket"],
    [staging.bucketArn, production.bucketArn, quarantine.bucketArn, signatures.bucketArn],
  );
  allow(scannerRole, ["s3:GetObject"], [signatureObjects]);
  // A clean file is handed to processing.
  allow(scannerRole, ["sqs:SendMessage"], [processQueue.queueArn]);
  // A file past its uploader's share goes back on the scan queue, to wait there.
  allow(scannerRole, ["sqs:SendMessage"], [scanQueue.queueArn]);
  // Uploads by id only: the consumer queries no index.
  scannerRole.addToPrincipalPolicy(tableReadWrite(table, []));
  scannerRole.addToPrincipalPolicy(tableKeyUse(storage.tableKey, stack.region));
  // The event source mapping grants the consumer's SQS actions on this queue only.
  scanQueue.addConsumer(stack, {
    cdk: { function: scanner, eventSource: { ...scanBatch, reportBatchItemFailures: true } },
  });

  const updater = signatureUpdater(stack, signatures);
  const sweeper = sweeperJob(stack, storage, auth);

  stack.addOutputs({
    ScannerFunction: scanner.functionName,
    SignatureUpdaterFunction: updater.functionName,
    SignaturesBucket: signatures.bucketName,
    SweeperFunction: sweeper.functionName,
  });
  return { scanner, updater, sweeper, signatures };
}
