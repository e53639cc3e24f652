import { Match, type Template } from "aws-cdk-lib/assertions";
import { expect, it } from "vitest";
import type { Synthesised } from "./synth";
import { arnOf, asList, idOf, productionBucket, ref, resource, roleIdOf, roleStatements } from "./template-helpers";

const replicaBucket = "test-intake-replica-my-account-us-west-2";
const partitionArn = (rest: string) => ({ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, rest]] });

export function dataProtectionChecks(synthesised: () => Synthesised) {
  const storage = () => synthesised().templates.Storage;
  const replica = () => synthesised().replica;
  const production = () => productionBucket(storage());

  it("the replica: a versioned bucket in us-west-2 under its own rotating key, retained", () => {
    expect(synthesised().stack("Replica").region).toBe("us-west-2");
    expect(synthesised().stack("Replica").stackName).toBe("test-intake-Replica");
    const key = idOf(replica(), "AWS::KMS::Key", {});
    expect(resource(replica(), key)).toMatchObject({
      DeletionPolicy: "Retain",
      Properties: { EnableKeyRotation: true },
    });
    replica().hasResourceProperties("AWS::KMS::Alias", {
      AliasName: "alias/test-intake-replica",
      TargetKeyId: arnOf(key),
    });
    const bucket = resource(replica(), idOf(replica(), "AWS::S3::Bucket", {}));
    expect(bucket).toMatchObject({
      DeletionPolicy: "Retain",
      Properties: {
        BucketName: replicaBucket,
        VersioningConfiguration: { Status: "Enabled" },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: arnOf(key) },
            },
          ],
        },
      },
    });
  });

  it("production replicates every object, deletes too, to the replica, re-encrypted with the replica's key", () => {
    const config = resource(storage(), production()).Properties.ReplicationConfiguration;
    const role = idOf(storage(), "AWS::IAM::Role", { Description: Match.stringLikeRegexp("replica region") });
    expect(config).toEqual({
      Role: arnOf(role),
      Rules: [
        {
          Id: "replicate-everything",
          Status: "Enabled",
          Priority: 0,
          Filter: { Prefix: "" },
          DeleteMarkerReplication: { Status: "Enabled" },
          SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: "Enabled" } },
          Destination: {
            Bucket: partitionArn(`:s3:::${replicaBucket}`),
            EncryptionConfiguration: {
              ReplicaKmsKeyID: partitionArn(":kms:us-west-2:my-account:alias/test-intake-replica"),
            },
          },
        },
      ],
    });
    // S3 refuses a replication rule to a bucket that does not exist: the replica stack goes first.
    expect(
      synthesised()
        .stack("Storage")
        .dependencies.map((s) => s.stackName),
    ).toContain("test-intake-Replica");
  });

  it("the replication role: assumed by S3, may read production's versions and write replicas, nothing more", () => {
    const role = idOf(storage(), "AWS::IAM::Role", { Description: Match.stringLikeRegexp("replica region") });
    expect(resource(storage(), role).Properties.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }),
    ]);
    const { statements, managed } = roleStatements(storage(), role);
    expect(managed).toEqual([]);
    const productionKey = idOf(storage(), "AWS::KMS::Key", { Description: Match.stringLikeRegexp("production files") });
    const byAction = Object.fromEntries(
      statements.flatMap((s) =>
        asList(s.Action).map((action) => [action, { resource: s.Resource, condition: s.Condition }]),
      ),
    );
    expect(Object.keys(byAction).sort()).toEqual(
      [
        "kms:Decrypt",
        "kms:Encrypt",
        "kms:GenerateDataKey",
        "s3:GetObjectVersionAcl",
        "s3:GetObjectVersionForReplication",
        "s3:GetObjectVersionTagging",
        "s3:GetReplicationConfiguration",
        "s3:ListBucket",
        "s3:ReplicateDelete",
        "s3:ReplicateObject",
        "s3:ReplicateTags",
      ].sort(),
    );
    expect(byAction["s3:ListBucket"]!.resource).toEqual(arnOf(production()));
    expect(byAction["s3:GetObjectVersionForReplication"]!.resource).toEqual({
      "Fn::Join": ["", [arnOf(production()), "/*"]],
    });
    expect(byAction["s3:ReplicateObject"]!.resource).toEqual(partitionArn(`:s3:::${replicaBucket}/*`));
    expect(byAction["kms:Decrypt"]!.resource).toEqual(arnOf(productionKey));
    expect(byAction["kms:Encrypt"]).toEqual({
      resource: partitionArn(":kms:us-west-2:my-account:key/*"),
      condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/test-intake-replica" } },
    });
    for (const statement of statements) expect(statement.Effect).toBe("Allow");
  });

  it("access logs are copied at once to an audit bucket under Object Lock (governance, 90 days); neither allows a delete", () => {
    const bucketWithRule = (id: string) =>
      idOf(storage(), "AWS::S3::Bucket", {
        LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: id })]) },
      });
    const logs = bucketWithRule("expire-access-logs");
    const audit = bucketWithRule("expire-audit-logs");
    // S3 delivers no server access logs to a bucket with Object Lock: the lock is on the copy.
    expect(resource(storage(), logs).Properties.ObjectLockEnabled).toBeUndefined();
    expect(resource(storage(), audit).Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: { Mode: "GOVERNANCE", Days: 90 } },
      },
      VersioningConfiguration: { Status: "Enabled" },
    });
    const role = idOf(storage(), "AWS::IAM::Role", { Description: Match.stringLikeRegexp("audit bucket") });
    expect(resource(storage(), logs).Properties.ReplicationConfiguration).toEqual({
      Role: arnOf(role),
      Rules: [
        {
          Id: "lock-every-log",
          Status: "Enabled",
          Priority: 0,
          Filter: { Prefix: "" },
          DeleteMarkerReplication: { Status: "Disabled" },
          Destination: { Bucket: arnOf(audit) },
        },
      ],
    });
    const { statements } = roleStatements(storage(), role);
    expect(statements.flatMap((s) => asList(s.Action)).sort()).toEqual(
      [
        "s3:GetObjectVersionAcl",
        "s3:GetObjectVersionForReplication",
        "s3:GetObjectVersionTagging",
        "s3:GetReplicationConfiguration",
        "s3:ListBucket",
        "s3:ReplicateObject",
        "s3:ReplicateTags",
      ].sort(),
    );
    for (const bucket of [logs, audit]) {
      storage().hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: ref(bucket),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Sid: "NoDeletes",
              Effect: "Deny",
              Principal: { AWS: "*" },
              Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
              Resource: { "Fn::Join": ["", [arnOf(bucket), "/*"]] },
            }),
          ]),
        },
      });
    }
    // Every other bucket of the Storage stack logs its requests there.
    const logged = Object.entries(storage().findResources("AWS::S3::Bucket"))
      .filter(([, b]) => b.Properties.LoggingConfiguration)
      .map(([, b]) => b.Properties.LoggingConfiguration.LogFilePrefix)
      .sort();
    expect(logged).toEqual(["production/", "quarantine/", "staging/"]);
  });

  it("the table is encrypted with its own rotating key, which each function may use through DynamoDB only", () => {
    const key = idOf(storage(), "AWS::KMS::Key", { Description: Match.stringLikeRegexp("uploads table") });
    expect(resource(storage(), key)).toMatchObject({
      DeletionPolicy: "Retain",
      Properties: { EnableKeyRotation: true },
    });
    storage().hasResourceProperties("AWS::DynamoDB::Table", {
      SSESpecification: { SSEEnabled: true, SSEType: "KMS", KMSMasterKeyId: arnOf(key) },
    });
    const functions: [keyof Synthesised["templates"], object][] = [
      ["Api", { Handler: "packages/functions/src/api.handler" }],
      ["Scanner", { ImageConfig: { Command: ["scan.handler"] } }],
      ["Scanner", { Handler: "packages/functions/src/sweeper.handler" }],
    ];
    for (const [stack, props] of functions) {
      const template: Template = synthesised().templates[stack];
      const { statements } = roleStatements(
        template,
        roleIdOf(resource(template, idOf(template, "AWS::Lambda::Function", props))),
      );
      expect(statements, JSON.stringify(props)).toContainEqual({
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
        Resource:
          stack === "Storage"
            ? arnOf(key)
            : { "Fn::ImportValue": expect.stringMatching(/ExportsOutputFnGetAttTableKey[0-9A-F]+Arn/) },
        Condition: { StringEquals: { "kms:ViaService": "dynamodb.us-east-1.amazonaws.com" } },
      });
    }
  });
}
