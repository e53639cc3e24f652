import { Duration, RemovalPolicy, type Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import { Bucket } from "sst/constructs";
import { deploySetting } from "./settings";

/**
 * A bucket for S3 server access logs, written by the logging service under a bucket policy.
 * (CDK's `serverAccessLogsBucket` grants it with a log-delivery ACL unless a feature flag SST
 * does not set is on, and every Intake bucket has ACLs disabled.) Logs must be SSE-S3, and S3
 * delivers none to a bucket with Object Lock: each log is replicated at once to the audit
 * bucket, which has it. Lifecycle expiry is not a request, so refusing deletes does not stop it.
 */
export function accessLogBucket(stack: Stack) {
  const logs = new Bucket(stack, "AccessLogs", {
    blockPublicACLs: true,
    cors: false,
    cdk: {
      bucket: {
        encryption: s3.BucketEncryption.S3_MANAGED,
        versioned: true, // replication needs it
        lifecycleRules: [
          { id: "expire-access-logs", expiration: Duration.days(365) },
          { id: "remove-expired-logs", noncurrentVersionExpiration: Duration.days(1) },
        ],
        removalPolicy: RemovalPolicy.RETAIN,
      },
    },
  });
  refuseDeletes(logs);
  NagSuppressions.addResourceSuppressions(logs.cdk.bucket, [
    { id: "AwsSolutions-S1", reason: "The access-log bucket itself: logging it to itself would log every log write" },
  ]);

  // The audit trail: each log locked for a while (governance mode: only a principal allowed
  // s3:BypassGovernanceRetention can lift it), and nobody may delete one.
  const lockedDays = deploySetting("INTAKE_AUDIT_RETENTION_DAYS");
  const audit = new Bucket(stack, "AuditLogs", {
    blockPublicACLs: true,
    cors: false,
    cdk: {
      bucket: {
        encryption: s3.BucketEncryption.S3_MANAGED,
        versioned: true,
        objectLockEnabled: true,
        objectLockDefaultRetention:
          lockedDays > 0 ? s3.ObjectLockRetention.governance(Duration.days(lockedDays)) : undefined,
        lifecycleRules: [
          { id: "expire-audit-logs", expiration: Duration.days(365) },
          { id: "remove-expired-logs", noncurrentVersionExpiration: Duration.days(1) },
        ],
        removalPolicy: RemovalPolicy.RETAIN,
      },
    },
  });
  refuseDeletes(audit);
  NagSuppressions.addResourceSuppressions(audit.cdk.bucket, [
    { id: "AwsSolutions-S1", reason: "The locked copy of the access logs, written only by replication from them" },
  ]);
  replicateLogs(stack, logs.cdk.bucket, audit.cdk.bucket);
  return logs;
}

function refuseDeletes(bucket: Bucket) {
  bucket.cdk.bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "NoDeletes",
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
      resources: [bucket.cdk.bucket.arnForObjects("*")],
    }),
  );
}

/** Every new log, copied to the audit bucket (deletes are not replicated). */
function replicateLogs(stack: Stack, logs: s3.IBucket, audit: s3.IBucket) {
  const role = new iam.Role(stack, "AuditReplicationRole", {
    assumedBy: new iam.ServicePrincipal("s3.amazonaws.com"),
    description: "S3 replication of access logs to the audit bucket",
  });
  const allow = (actions: string[], resources: string[]) =>
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
  allow(["s3:GetReplicationConfiguration", "s3:ListBucket"], [logs.bucketArn]);
  allow(
    ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
    [logs.arnForObjects("*")],
  );
  allow(["s3:ReplicateObject", "s3:ReplicateTags"], [audit.arnForObjects("*")]);
  NagSuppressions.addResourceSuppressions(
    role,
    [{ id: "AwsSolutions-IAM5", reason: "Replication copies any log of the access-log bucket to the audit bucket" }],
    true,
  );
  (logs.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
    role: role.roleArn,
    rules: [
      {
        id: "lock-every-log",
        status: "Enabled",
        priority: 0,
        filter: { prefix: "" },
        deleteMarkerReplication: { status: "Disabled" },
        destination: { bucket: audit.bucketArn },
      },
    ],
  };
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
