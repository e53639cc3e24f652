import { Match, type Template } from "aws-cdk-lib/assertions";
import { expect, it } from "vitest";
import { idOf, ref, resource, roleIdOf, roleStatements } from "./template-helpers";

/** How the Processor stack's template refers to the ARN of a Storage resource. */
const storageArn = (name: string) => `^test-intake-Storage:ExportsOutputFnGetAtt${name}[0-9A-F]+Arn`;

export function processorChecks(processor: () => Template, storage: () => Template, scanner: () => Template) {
  const fn = () =>
    idOf(processor(), "AWS::Lambda::Function", { PackageType: "Image", ImageConfig: { Command: ["process.handler"] } });

  it("the processing consumer runs process.handler from the scanner image, under the name production lets read", () => {
    expect(resource(processor(), fn()).Properties).toMatchObject({ Timeout: 120, MemorySize: 3008 });
    const env = resource(processor(), fn()).Properties.Environment.Variables;
    expect(env).toMatchObject({ INTAKE_PROCESS_MAX_RECEIVES: "5", INTAKE_PROCESS_VISIBILITY_TIMEOUT_SECONDS: "720" });
    expect(resource(processor(), roleIdOf(resource(processor(), fn()))).Properties.RoleName).toBe(
      "test-intake-processor",
    );
  });

  it("consumes the processing queue in batches, reporting batch item failures", () => {
    processor().hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionName: ref(fn()),
      EventSourceArn: { "Fn::ImportValue": Match.stringLikeRegexp(storageArn("ProcessQueue")) },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });

  it("the processing queue dead-letters after 5 receives, waits 6× the timeout, and its dead letters raise an alarm", () => {
    const queues = storage().findResources("AWS::SQS::Queue", {
      Properties: { RedrivePolicy: { maxReceiveCount: 5 } },
    });
    const processQueue = Object.entries(queues).find(([id]) => id.startsWith("ProcessQueue"));
    expect(processQueue).toBeDefined();
    expect(processQueue![1].Properties.VisibilityTimeout).toBe(6 * 120);
    const deadLetters = Object.keys(storage().findResources("AWS::SQS::Queue")).find((id) =>
      id.startsWith("ProcessDeadLetters"),
    );
    storage().hasResourceProperties("AWS::CloudWatch::Alarm", {
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [deadLetters, "QueueName"] } }],
      Threshold: 1,
    });
  });

  it("may read, replace and move out production objects, write quarantine, use the table; nothing in staging", () => {
    const { statements } = roleStatements(processor(), roleIdOf(resource(processor(), fn())));
    const text = JSON.stringify(statements);
    expect(text).toContain("s3:PutObject");
    expect(text).toContain("/files/*");
    expect(text).toContain("/quarantine/*");
    expect(text).not.toContain("/staging/");
    expect(text).not.toContain("sqs:SendMessage");
  });

  it("may run Textract's expense analysis, and nothing else of Textract", () => {
    const { statements } = roleStatements(processor(), roleIdOf(resource(processor(), fn())));
    const textract = statements.filter((s) => JSON.stringify(s.Action).includes("textract:"));
    expect(textract).toEqual([
      {
        Effect: "Allow",
        Action: ["textract:AnalyzeExpense", "textract:StartExpenseAnalysis", "textract:GetExpenseAnalysis"],
        Resource: "*",
      },
    ]);
  });

  it("the scanner may hand clean files to the processing queue", () => {
    const scan = idOf(scanner(), "AWS::Lambda::Function", { ImageConfig: { Command: ["scan.handler"] } });
    const { statements } = roleStatements(scanner(), roleIdOf(resource(scanner(), scan)));
    const send = statements.find((s) => JSON.stringify(s.Action).includes("sqs:SendMessage"));
    expect(JSON.stringify(send?.Resource)).toMatch(/ProcessQueue/);
  });
}
