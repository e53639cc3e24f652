import { Match, type Template } from "aws-cdk-lib/assertions";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { arnOf, asList, idOf, ref, resource, roleIdOf, roleStatements } from "./template-helpers";

/** How the Scanner stack's template refers to the ARN of a Storage resource. */
const storageArn = (name: string) => `^test-intake-Storage:ExportsOutputFnGetAtt${name}[0-9A-F]+Arn`;

export function scannerChecks(scanner: () => Template, storage: () => Template, assemblyDir: () => string) {
  const imageFunction = (command: string) =>
    idOf(scanner(), "AWS::Lambda::Function", { PackageType: "Image", ImageConfig: { Command: [command] } });
  const scan = () => imageFunction("scan.handler");
  const updater = () => imageFunction("signatures.handler");

  it("the scan consumer is a container-image Lambda running scan.handler with clamd on loopback", () => {
    expect(resource(scanner(), scan()).Properties).toMatchObject({
      Timeout: 300,
      MemorySize: 3008,
      EphemeralStorage: { Size: 10240 },
      Environment: {
        Variables: { INTAKE_CLAMD_HOST: "127.0.0.1", INTAKE_CLAMD_PORT: "3310", INTAKE_SIGNATURES_PREFIX: "clamav/" },
      },
    });
    const env = resource(scanner(), scan()).Properties.Environment.Variables;
    expect(env.INTAKE_SIGNATURES_BUCKET).toEqual(ref(idOf(scanner(), "AWS::S3::Bucket", {})));
    // Copies to production ask for its KMS key, the scan queue's limits match the queue's.
    expect(env).toMatchObject({
      INTAKE_PRODUCTION_KMS_KEY_ID: { "Fn::ImportValue": expect.stringMatching(storageArn("ProductionKey")) },
      INTAKE_SCAN_MAX_RECEIVES: "5",
      INTAKE_SCAN_VISIBILITY_TIMEOUT_SECONDS: "1800",
    });
  });

  it("one uploader's files may hold at most 10 of the scanner's 25 records in flight, waiting on the scan queue", () => {
    const env = resource(scanner(), scan()).Properties.Environment.Variables;
    expect(env.INTAKE_SCAN_OWNER_SHARE).toBe("10");
    expect(env.INTAKE_SCAN_QUEUE_URL).toEqual({ "Fn::ImportValue": expect.stringMatching(/ScanQueue/) });
    // It puts a record past the share back on the scan queue: that queue, and the processing queue, only.
    const { statements } = roleStatements(scanner(), roleIdOf(resource(scanner(), scan())));
    const sendsTo = statements
      .filter((s) => s.Effect === "Allow" && asList(s.Action).some((a) => a === "sqs:SendMessage" || a === "sqs:*"))
      .flatMap((s) => asList(s.Resource).map((r) => JSON.stringify(r)));
    expect(sendsTo).toEqual([expect.stringMatching(/ProcessQueue/), expect.stringMatching(/ScanQueue/)]);
  });

  it("runs under the role name the quarantine bucket policy lets check for its copies", () => {
    const role = resource(scanner(), roleIdOf(resource(scanner(), scan())));
    expect(role.Properties.RoleName).toBe("test-intake-scanner");
  });

  it("consumes the scan queue in batches, reporting batch item failures", () => {
    scanner().resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    scanner().hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: ref(scan()),
      EventSourceArn: { "Fn::ImportValue": Match.stringLikeRegexp(storageArn("ScanQueue")) },
      BatchSize: 5,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it("the scan queue's visibility timeout is at least six times the scanner's timeout", () => {
    const queue = idOf(storage(), "AWS::SQS::Queue", { VisibilityTimeout: 1800 });
    const visibility = resource(storage(), queue).Properties.VisibilityTimeout as number;
    expect(visibility).toBeGreaterThanOrEqual(6 * (resource(scanner(), scan()).Properties.Timeout as number));
  });

  it("may read and delete staging, write production and quarantine, use the table, consume the queue", () => {
    const { statements } = roleStatements(scanner(), roleIdOf(resource(scanner(), scan())));
    // The resources each action is allowed on, as JSON text of their CloudFormation form.
    const on = (action: string) =>
      statements
        .filter((s) => s.Effect === "Allow" && asList(s.Action).includes(action))
        .flatMap((s) => asList(s.Resource).map((r) => JSON.stringify(r)));
    const staging = expect.stringMatching(/StagingBucket.*"\/staging\/\*"/);
    const production = expect.stringMatching(/ProductionBucket.*"\/files\/\*"/);
    const quarantine = expect.stringMatching(/QuarantineBucket.*"\/quarantine\/\*"/);
    expect(on("s3:GetObject")).toContainEqual(staging);
    expect(on("s3:DeleteObject")).toEqual([staging]);
    expect(on("s3:PutObject")).toEqual(expect.arrayContaining([production, quarantine]));
    expect(on("s3:PutObject")).toHaveLength(2);
    // Production's key for its copies; the table's key, through DynamoDB only.
    expect(on("kms:GenerateDataKey")).toEqual([
      expect.stringContaining("ProductionKey"),
      expect.stringContaining("TableKey"),
    ]);
    // Uploads by id: the table itself, no index.
    for (const action of ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"]) {
      expect(on(action)).toEqual([expect.stringContaining("Table")]);
      expect(on(action).join()).not.toContain("/index/");
    }
    for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]) {
      expect(on(action)).toEqual([expect.stringContaining("ScanQueue")]);
    }
  });

  it("signatures: kept in a bucket, refreshed every 3 hours by freshclam, and at once on deploy", () => {
    scanner().hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(3 hours)",
      Targets: [Match.objectLike({ Arn: arnOf(updater()) })],
    });
    scanner().hasResourceProperties("Custom::Trigger", {
      HandlerArn: ref(idOf(scanner(), "AWS::Lambda::Version", { FunctionName: ref(updater()) })),
      InvocationType: "Event",
    });
    const { statements } = roleStatements(scanner(), roleIdOf(resource(scanner(), updater())));
    const bucket = idOf(scanner(), "AWS::S3::Bucket", {});
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
        Resource: { "Fn::Join": ["", [arnOf(bucket), "/clamav/*"]] },
      }),
    );
  });

  it("the sweeper runs every 10 minutes and may query only gsi2 (uploads by status)", () => {
    const sweeper = idOf(scanner(), "AWS::Lambda::Function", { Handler: "packages/functions/src/sweeper.handler" });
    scanner().hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(10 minutes)",
      Targets: [Match.objectLike({ Arn: arnOf(sweeper) })],
    });
    const { statements } = roleStatements(scanner(), roleIdOf(resource(scanner(), sweeper)));
    // It re-queues stuck scans and stuck processing.
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: "sqs:SendMessage",
        Resource: [
          { "Fn::ImportValue": expect.stringMatching(storageArn("ScanQueue")) },
          { "Fn::ImportValue": expect.stringMatching(storageArn("ProcessQueue")) },
        ],
      }),
    );
    const queried = statements
      .filter((s) => asList(s.Action).includes("dynamodb:Query"))
      .flatMap((s) => asList(s.Resource).map((r) => JSON.stringify(r)));
    expect(queried).toEqual([expect.stringContaining("Table"), expect.stringContaining("/index/gsi2")]);
  });

  it("the image's build context holds every file the Dockerfile copies, and no node_modules", () => {
    const manifest = JSON.parse(readFileSync(join(assemblyDir(), "test-intake-Scanner.assets.json"), "utf8"));
    const images = Object.values(manifest.dockerImages) as { source: { directory: string; dockerFile: string } }[];
    expect(images).toHaveLength(1); // the scanner and the updater share one image
    const { directory, dockerFile } = images[0]!.source;
    expect(dockerFile).toBe("packages/functions/scanner/Dockerfile");
    const context = join(assemblyDir(), directory);
    const dockerfile = readFileSync(join(context, dockerFile), "utf8");
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)].flatMap((m) => m[1]!.split(" "));
    expect(copied).toEqual(expect.arrayContaining(["packages/functions/src", "packages/functions/scanner"]));
    for (const path of copied) expect(existsSync(join(context, path)), path).toBe(true);
    for (const entry of ["handler.ts", "clamd.ts", "signature-store.ts", "entrypoint.sh"]) {
      expect(existsSync(join(context, "packages/functions/scanner", entry)), entry).toBe(true);
    }
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? [e.name, ...walk(join(dir, e.name))] : [],
      );
    expect(walk(context)).not.toContain("node_modules");
    expect(existsSync(join(context, "packages/local/src"))).toBe(false);
  });
}
