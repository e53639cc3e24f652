import { Match, type Template } from "aws-cdk-lib/assertions";
import { expect, it } from "vitest";
import { siteOrigin } from "./synth";
import { arnOf, idOf, productionBucket, ref, resource } from "./template-helpers";

const sseS3 = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] };

export function storageChecks(storage: () => Template) {
  const scanDeadLetters = () =>
    Object.keys(storage().findResources("AWS::SQS::Queue", { Properties: { MessageRetentionPeriod: 14 * 24 * 3600 } }))
      .filter((id) => id.startsWith("ScanDeadLetters"))
      .at(0)!;
  const staging = () =>
    idOf(storage(), "AWS::S3::Bucket", {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: "expire-staging" })]) },
    });
  const production = () => productionBucket(storage());
  const quarantine = () =>
    idOf(storage(), "AWS::S3::Bucket", {
      LifecycleConfiguration: { Rules: [Match.objectLike({ Id: "expire-quarantine" })] },
    });
  const accessLogs = () =>
    idOf(storage(), "AWS::S3::Bucket", {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Id: "expire-access-logs" })]) },
    });

  it("has five buckets: staging, production, quarantine, access logs and their locked copy", () => {
    storage().resourceCountIs("AWS::S3::Bucket", 5);
    expect(new Set([staging(), production(), quarantine(), accessLogs()]).size).toBe(4);
  });

  it("staging: S3-managed SSE, CORS for the site only, abort multipart after 1 day, expire after 2", () => {
    expect(resource(storage(), staging()).Properties).toMatchObject({
      BucketEncryption: sseS3,
      CorsConfiguration: {
        CorsRules: [{ AllowedMethods: ["PUT", "GET", "HEAD"], AllowedOrigins: [siteOrigin], ExposedHeaders: ["ETag"] }],
      },
    });
    storage().hasResourceProperties("AWS::S3::Bucket", {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: "Enabled" }),
          Match.objectLike({ ExpirationInDays: 2, Status: "Enabled" }),
        ]),
      },
    });
  });

  it("production: CORS lets the site GET (the admin's preview) and nothing else", () => {
    expect(resource(storage(), production()).Properties.CorsConfiguration).toEqual({
      CorsRules: [{ AllowedHeaders: ["*"], AllowedMethods: ["GET"], AllowedOrigins: [siteOrigin], MaxAge: 3600 }],
    });
  });

  it("production: SSE-KMS with its own rotating key, versioned, to Glacier IR after 90 days and Glacier after 365, retained", () => {
    const keyId = idOf(storage(), "AWS::KMS::Key", { Description: Match.stringLikeRegexp("production files") });
    expect(resource(storage(), keyId).Properties.EnableKeyRotation).toBe(true);
    const bucket = resource(storage(), production());
    expect(bucket).toMatchObject({ DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" });
    expect(resource(storage(), keyId)).toMatchObject({ DeletionPolicy: "Retain" });
    expect(bucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: arnOf(keyId) },
          },
        ],
      },
      VersioningConfiguration: { Status: "Enabled" },
    });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Transitions: [
            { StorageClass: "GLACIER_IR", TransitionInDays: 90 },
            { StorageClass: "GLACIER", TransitionInDays: 365 },
          ],
          Status: "Enabled",
        }),
        expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, Status: "Enabled" }),
      ]),
    );
  });

  it("production: server access logs go to the log bucket, which only S3's logging service may write", () => {
    const bucket = resource(storage(), production());
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: ref(accessLogs()),
      LogFilePrefix: "production/",
    });
    expect(resource(storage(), accessLogs()).Properties.BucketEncryption).toEqual(sseS3);
    storage().hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: ref(accessLogs()),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Condition: {
              ArnLike: { "aws:SourceArn": arnOf(production()) },
              StringEquals: { "aws:SourceAccount": "my-account" },
            },
          }),
        ]),
      },
    });
  });

  it("quarantine: SSE, retained, no CORS, readable only by the quarantine reader role and the scanner", () => {
    const bucket = resource(storage(), quarantine());
    expect(bucket).toMatchObject({ DeletionPolicy: "Retain", Properties: { BucketEncryption: sseS3 } });
    // Kept for the forensics window (INTAKE_QUARANTINE_RETENTION_DAYS, default 90 days), then gone.
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ ExpirationInDays: 90, Status: "Enabled" }),
    ]);
    expect(bucket.Properties.CorsConfiguration).toBeUndefined();
    const reader = idOf(storage(), "AWS::IAM::Role", { Description: Match.stringLikeRegexp("quarantined") });
    storage().hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: ref(quarantine()),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            Condition: {
              ArnNotEquals: {
                "aws:PrincipalArn": [
                  arnOf(reader),
                  {
                    "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::my-account:role/test-intake-scanner"]],
                  },
                ],
              },
            },
          }),
        ]),
      },
    });
  });

  it("the table: keys, three GSIs, TTL, point-in-time recovery, on-demand, retained", () => {
    storage().resourceCountIs("AWS::DynamoDB::Table", 1);
    const index = (n: number) => ({
      IndexName: `gsi${n}`,
      KeySchema: [
        { AttributeName: `gsi${n}pk`, KeyType: "HASH" },
        { AttributeName: `gsi${n}sk`, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    });
    storage().hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        AttributeDefinitions: Match.arrayEquals(
          ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"].map((AttributeName) =>
            Match.objectEquals({ AttributeName, AttributeType: "S" }),
          ),
        ),
        GlobalSecondaryIndexes: [index(1), index(2), index(3)],
        TimeToLiveSpecification: { AttributeName: "ttl", Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        BillingMode: "PAY_PER_REQUEST",
      }),
    });
  });

  it("the scan queue: 30 minute visibility (6× the scanner's 5), dead letters after 5 receives, both encrypted", () => {
    // The scan queue and the processing queue, each with its dead-letter queue.
    storage().resourceCountIs("AWS::SQS::Queue", 4);
    const deadLetters = scanDeadLetters();
    storage().hasResourceProperties("AWS::SQS::Queue", {
      VisibilityTimeout: 1800,
      RedrivePolicy: { deadLetterTargetArn: arnOf(deadLetters), maxReceiveCount: 5 },
    });
    for (const queue of Object.values(storage().findResources("AWS::SQS::Queue"))) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
  });

  it("an alarm on the dead-letter queue's first message notifies the alerts topic", () => {
    const deadLetters = scanDeadLetters();
    const topic = Object.keys(storage().findResources("AWS::SNS::Topic"))[0]!;
    storage().hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Namespace: "AWS/SQS",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [deadLetters, "QueueName"] } }],
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      Threshold: 1,
      AlarmActions: [ref(topic)],
    });
  });

  it("staging ObjectCreated events under staging/ go to the scan queue, which S3 may send to", () => {
    const scanQueue = idOf(storage(), "AWS::SQS::Queue", { VisibilityTimeout: 1800 });
    storage().hasResourceProperties("Custom::S3BucketNotifications", {
      BucketName: ref(staging()),
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ["s3:ObjectCreated:*"],
            QueueArn: arnOf(scanQueue),
            Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "staging/" }] } },
          },
        ],
      },
    });
    storage().hasResourceProperties("AWS::SQS::QueuePolicy", {
      Queues: [ref(scanQueue)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(["sqs:SendMessage"]),
            Principal: { Service: "s3.amazonaws.com" },
            Condition: { ArnLike: { "aws:SourceArn": arnOf(staging()) } },
          }),
        ]),
      },
    });
  });
}
