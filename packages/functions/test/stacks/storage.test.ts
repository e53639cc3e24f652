// Synthesises the Storage stack offline and checks the template. Only Storage: the Api
// stack bundles a handler with esbuild, which needs packages/functions/src/api.ts.
import { Match, Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { initProject } from "sst/project.js";
import { beforeAll, describe, expect, it } from "vitest";
import { Storage } from "../../../../stacks/Storage";

const origin = "https://intake.example.com";
let template: Template;

beforeAll(async () => {
  process.env.SST_TELEMETRY_DISABLED = "1";
  process.env.INTAKE_SITE_ORIGIN = origin;
  await initProject({ stage: "test" }); // without a stage it prompts on stdin
  const app = new App({ mode: "deploy", stage: "test", name: "intake", region: "us-east-1" });
  app.stack(Storage);
  await app.finish();
  template = Template.fromStack(getStack(Storage));
});

const ref = (logicalId: string) => ({ Ref: logicalId });
const idOf = (type: string, props: object) => {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe("Storage stack", () => {
  it("blocks all public access, ACLs included, on all three buckets", () => {
    template.resourceCountIs("AWS::S3::Bucket", 3);
    const buckets = Object.values(template.findResources("AWS::S3::Bucket"));
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
    }
  });

  it("staging: S3-managed SSE, CORS for the site, abort multipart after 1 day, expire after 2", () => {
    template.hasResourceProperties("AWS::S3::Bucket", {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ["PUT", "GET", "HEAD"],
            AllowedOrigins: [origin],
            ExposedHeaders: ["ETag"],
          }),
        ],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: "Enabled" }),
          Match.objectLike({ ExpirationInDays: 2, Status: "Enabled" }),
        ]),
      },
    });
  });

  it("production: SSE-KMS with its own rotating key, versioned, retained", () => {
    const keyId = idOf("AWS::KMS::Key", { EnableKeyRotation: true });
    template.hasResource("AWS::S3::Bucket", {
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: { "Fn::GetAtt": [keyId, "Arn"] } },
            },
          ],
        },
        VersioningConfiguration: { Status: "Enabled" },
      }),
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
    });
  });

  it("quarantine: SSE, retained, no CORS", () => {
    const retainedAes = template.findResources("AWS::S3::Bucket", {
      DeletionPolicy: "Retain",
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
        CorsConfiguration: Match.absent(),
        LifecycleConfiguration: Match.absent(),
      },
    });
    expect(Object.keys(retainedAes)).toHaveLength(1);
  });

  it("the table: keys, two GSIs, TTL, point-in-time recovery, on-demand", () => {
    template.resourceCountIs("AWS::DynamoDB::Table", 1);
    const index = (n: number) => ({
      IndexName: `gsi${n}`,
      KeySchema: [
        { AttributeName: `gsi${n}pk`, KeyType: "HASH" },
        { AttributeName: `gsi${n}sk`, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    });
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: Match.arrayEquals(
        ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"].map((AttributeName) =>
          Match.objectEquals({ AttributeName, AttributeType: "S" }),
        ),
      ),
      GlobalSecondaryIndexes: [index(1), index(2)],
      TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      BillingMode: "PAY_PER_REQUEST",
    });
  });

  it("the scan queue: 30 minute visibility, dead letters after 5 receives", () => {
    template.resourceCountIs("AWS::SQS::Queue", 2);
    const deadLetters = idOf("AWS::SQS::Queue", { MessageRetentionPeriod: 14 * 24 * 3600 });
    template.hasResourceProperties("AWS::SQS::Queue", {
      VisibilityTimeout: 1800,
      RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [deadLetters, "Arn"] }, maxReceiveCount: 5 },
    });
  });

  it("staging ObjectCreated events under staging/ go to the scan queue, which S3 may send to", () => {
    const scanQueue = idOf("AWS::SQS::Queue", { VisibilityTimeout: 1800 });
    const staging = idOf("AWS::S3::Bucket", { LifecycleConfiguration: Match.anyValue() });
    template.hasResourceProperties("Custom::S3BucketNotifications", {
      BucketName: ref(staging),
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ["s3:ObjectCreated:*"],
            QueueArn: { "Fn::GetAtt": [scanQueue, "Arn"] },
            Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "staging/" }] } },
          },
        ],
      },
    });
    template.hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [ref(scanQueue)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(["sqs:SendMessage"]),
            Principal: { Service: "s3.amazonaws.com" },
            Condition: { ArnLike: { "aws:SourceArn": { "Fn::GetAtt": [staging, "Arn"] } } },
          }),
        ]),
      },
    });
  });
});
