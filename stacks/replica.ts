import { Duration, type IStackSynthesizer, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import { Stack as SstStack, type App } from "sst/constructs";
import { deploySetting } from "./settings";

/** Production's lifecycle, which its replicas follow too. */
export function productionLifecycle(): s3.LifecycleRule[] {
  return [
    {
      id: "glacier-after-90-and-365-days",
      transitions: [
        { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
        { storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(365) },
      ],
    },
    // Versioning protects against mistakes; replaced and deleted versions go after the window.
    {
      id: "expire-old-versions",
      noncurrentVersionExpiration: Duration.days(deploySetting("INTAKE_NONCURRENT_RETENTION_DAYS")),
    },
    { id: "abort-incomplete-multipart", abortIncompleteMultipartUploadAfter: Duration.days(1) },
  ];
}

/**
 * Names both sides agree on without a reference: a CloudFormation stack cannot import a value
 * from another region, and S3 needs the destination to exist before replication is set up.
 */
function replicaNames(app: App) {
  const region = deploySetting("INTAKE_REPLICA_REGION");
  return {
    region,
    bucket: `${app.stage}-${app.name}-replica-${app.account}-${region}`.toLowerCase(),
    keyAlias: `alias/${app.stage}-${app.name}-replica`,
  };
}

/**
 * The copy of production in a second region: a versioned bucket encrypted with its own key
 * there, in a stack of its own (SST's stacks all live in the app's region). Deployed first.
 */
export function replicaStack(app: App) {
  const names = replicaNames(app);
  if (names.region === app.region) {
    throw new Error(`INTAKE_REPLICA_REGION must differ from the app's region (${app.region})`);
  }
  const stack = new Stack(app, app.logicalPrefixedName("Replica"), {
    env: { account: app.account, region: names.region },
    // SST's own synthesizer (its bootstrap qualifier and roles), as its stacks get; not public API.
    synthesizer: (SstStack as unknown as { buildSynthesizer(): IStackSynthesizer }).buildSynthesizer(),
    description: `${app.name} ${app.stage}: production files replicated from ${app.region}`,
  });
  const key = new kms.Key(stack, "ReplicaKey", {
    description: `${app.name} ${app.stage} production replica`,
    alias: names.keyAlias,
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const bucket = new s3.Bucket(stack, "Replica", {
    bucketName: names.bucket,
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    versioned: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    lifecycleRules: productionLifecycle(),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  NagSuppressions.addResourceSuppressions(bucket, [
    {
      id: "AwsSolutions-S1",
      reason: "A disaster-recovery copy written only by S3 replication; its region has no log bucket to send to",
    },
  ]);
  return { stack, bucket, key };
}

/**
 * Replicates every object of `source` (SSE-KMS with `sourceKey`) to the replica, re-encrypted
 * with the replica's key, under a role that may do exactly that.
 */
export function replicate(stack: Stack, app: App, source: s3.IBucket, sourceKey: kms.IKey) {
  const names = replicaNames(app);
  const destination = `arn:${stack.partition}:s3:::${names.bucket}`;
  const role = new iam.Role(stack, "ReplicationRole", {
    assumedBy: new iam.ServicePrincipal("s3.amazonaws.com"),
    description: "S3 replication of production files to the replica region",
  });
  const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources, conditions }));
  allow(["s3:GetReplicationConfiguration", "s3:ListBucket"], [source.bucketArn]);
  allow(
    ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
    [source.arnForObjects("*")],
  );
  allow(["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], [`${destination}/*`]);
  allow(["kms:Decrypt"], [sourceKey.keyArn]);
  // The replica's key is known here only by its alias (it lives in another region's stack).
  allow(["kms:Encrypt", "kms:GenerateDataKey"], [`arn:${stack.partition}:kms:${names.region}:${stack.account}:key/*`], {
    "ForAnyValue:StringEquals": { "kms:ResourceAliases": names.keyAlias },
  });
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: "AwsSolutions-IAM5",
        reason:
          "Objects of the source and replica buckets (replication copies any key), and the replica's key, which is in another region's stack and bound here by its alias",
      },
    ],
    true,
  );

  const cfn = source.node.defaultChild as s3.CfnBucket;
  cfn.replicationConfiguration = {
    role: role.roleArn,
    rules: [
      {
        id: "replicate-everything",
        status: "Enabled",
        priority: 0,
        filter: { prefix: "" },
        deleteMarkerReplication: { status: "Enabled" },
        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        destination: {
          bucket: destination,
          encryptionConfiguration: {
            replicaKmsKeyId: `arn:${stack.partition}:kms:${names.region}:${stack.account}:${names.keyAlias}`,
          },
        },
      },
    ],
  };
  return { role, region: names.region, bucket: names.bucket };
}
