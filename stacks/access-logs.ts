import { Duration, RemovalPolicy, type Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Bucket } from "sst/constructs";

/**
 * A bucket for S3 server access logs, written by the logging service under a bucket policy.
 * (CDK's `serverAccessLogsBucket` grants it with a log-delivery ACL unless a feature flag SST
 * does not set is on, and every Intake bucket has ACLs disabled.) Logs must be SSE-S3.
 */
export function accessLogBucket(stack: Stack) {
  return new Bucket(stack, "AccessLogs", {
    blockPublicACLs: true,
    cors: false,
    cdk: {
      bucket: {
        encryption: s3.BucketEncryption.S3_MANAGED,
        lifecycleRules: [{ id: "expire-access-logs", expiration: Duration.days(365) }],
        removalPolicy: RemovalPolicy.RETAIN,
      },
    },
  });
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
