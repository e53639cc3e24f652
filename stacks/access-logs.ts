import { Duration, RemovalPolicy, type Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import { Bucket } from "sst/constructs";
import { deploySetting } from "./settings";

/**
 * A bucket for S3 server access logs, written by the logging service under a bucket policy.
 * (CDK's `serverAccessLogsBucket` grants it with a log-delivery ACL unless a feature flag SST
 * does not set is on, and every Intake bucket has ACLs disabled.) Logs must be SSE-S3. Lifecycle
 * expiry is not a request, so the bucket policy refusing deletes does not stop it.
 */
export function accessLogBucket(stack: Stack) {
  const lockedDays = deploySetting("INTAKE_AUDIT_RETENTION_DAYS");
  const logs = new Bucket(stack, "AccessLogs", {
    blockPublicACLs: true,
    cors: false,
    cdk: {
      bucket: {
        encryption: s3.BucketEncryption.S3_MANAGED,
        // An audit trail: each log is locked for a while (governance mode: only a principal
        // allowed s3:BypassGovernanceRetention can lift it) and nobody may delete one.
        versioned: true,
        objectLockEnabled: true,
        objectLockDefaultRetention:
          lockedDays > 0 ? s3.ObjectLockRetention.governance(Duration.days(lockedDays)) : undefined,
        lifecycleRules: [
          { id: "expire-access-logs", expiration: Duration.days(365) },
          { id: "remove-expired-logs", noncurrentVersionExpiration: Duration.days(1) },
        ],
        removalPolicy: RemovalPolicy.RETAIN,
      },
    },
  });
  logs.cdk.bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "NoDeletes",
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
      resources: [logs.cdk.bucket.arnForObjects("*")],
    }),
  );
  NagSuppressions.addResourceSuppressions(logs.cdk.bucket, [
    { id: "AwsSolutions-S1", reason: "The access-log bucket itself: logging it to itself would log every log write" },
  ]);
  return logs;
}

/** Sends `source`'s server access logs to `logs` under `prefix`. */
export function logAccess(stack: Stack, source: Bucket, logs: Bucket, prefix: string) {
  const cfnSource = source.cdk.bucket.node.defaultChild as s3.CfnBucket;
  cfnSource.loggingConfiguration = { destinationBucketName: logs.bucketName, logFilePrefix: prefix };
  logs.cdk.bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal("logging.s3.amazonaws.com")],
      actions: ["s3:PutObject"],
      resources: [logs.cdk.bucket.arnForObjects(`${prefix}*`)],
      conditions: {
        ArnLike: { "aws:SourceArn": source.bucketArn },
        StringEquals: { "aws:SourceAccount": stack.account },
      },
    }),
  );
}
