import { Duration, Size, type Stack } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as triggers from "aws-cdk-lib/triggers";
import type { Bucket } from "sst/constructs";
import { imageEnvironment } from "../packages/functions/scanner/settings";
import { allow, lambdaRole } from "./lambda-role";
import { scannerImage } from "./scanner-image";
import { optional } from "./settings";

/** Where the ClamAV databases are kept in the signatures bucket. */
export const signaturePrefix = "clamav/";

/**
 * freshclam, in the scanner image, keeping the databases in `signatures` current: every
 * 3 hours, and at once when a deploy creates or changes it (packages/functions/src/signatures.ts).
 */
export function signatureUpdater(stack: Stack, signatures: Bucket) {
  const { role, logGroup } = lambdaRole(stack, "SignatureUpdater");
  const privateMirror = optional("INTAKE_FRESHCLAM_PRIVATE_MIRROR");
  const updater = new lambda.DockerImageFunction(stack, "SignatureUpdaterFunction", {
    description: "Refreshes the ClamAV databases in the signatures bucket with freshclam",
    code: scannerImage("signatures.handler"),
    role,
    logGroup,
    timeout: Duration.minutes(10),
    architecture: lambda.Architecture.X86_64, // the image is built for linux/amd64
    memorySize: 3008, // freshclam test-loads the new databases before they are kept
    ephemeralStorageSize: Size.gibibytes(2),
    // With a private mirror for when ClamAV's CDN refuses the account's addresses (cvdupdate).
    environment: imageEnvironment({
      signatures: { bucket: signatures.bucketName, prefix: signaturePrefix },
      privateMirror,
    }),
  });
  allow(role, ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], [`${signatures.bucketArn}/${signaturePrefix}*`]);
  allow(role, ["s3:ListBucket"], [signatures.bucketArn]);

  // ClamAV publishes several times a day and asks not to be polled more than hourly.
  new events.Rule(stack, "SignatureSchedule", {
    schedule: events.Schedule.rate(Duration.hours(3)),
    targets: [new targets.LambdaFunction(updater, { retryAttempts: 2 })],
  });
  // Fill the bucket on the first deploy instead of up to three hours later. Asynchronous,
  // so an unreachable mirror does not fail the deploy.
  new triggers.Trigger(stack, "FirstSignatures", { handler: updater, invocationType: triggers.InvocationType.EVENT });
  return updater;
}
