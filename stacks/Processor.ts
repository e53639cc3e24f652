import { Size } from "aws-cdk-lib";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { NagSuppressions } from "cdk-nag";
import { use, type StackContext } from "sst/constructs";
import { Auth } from "./Auth";
import { functionEnvironment } from "./function-environment";
import { allow, lambdaRole } from "./lambda-role";
import { scannerImage } from "./scanner-image";
import { requireBelowTimeout } from "./settings";
import { Storage, processorRoleName, processorTimeout } from "./Storage";
import { tableKeyUse, tableReadWrite } from "./table-access";

/** Each record parses one file in its own worker: a few at once per instance. */
const processBatch = { batchSize: 5, maxConcurrency: 10 };

/**
 * The processing consumer: content disarm and metadata after a clean scan. It runs from the
 * scanner's image, which already carries the Node runtime pinned for Lambda, sharp's native
 * build for linux/amd64 and the PDF worker beside the handler (see the Dockerfile).
 */
export function Processor({ stack, app }: StackContext) {
  const storage = use(Storage);
  const auth = use(Auth);
  const { production, productionKey, quarantine, table, processQueue } = storage;

  // The worker's deadline must end before Lambda's, or a slow file dies without a retry count.
  requireBelowTimeout("INTAKE_PROCESS_TIMEOUT_SECONDS", "processor", processorTimeout);

  const access = lambdaRole(stack, "Processor", processorRoleName(app));
  const processor = new lambda.DockerImageFunction(stack, "ProcessorFunction", {
    description: "Re-encodes images, parses PDFs and ePubs, and moves refused files to quarantine",
    code: scannerImage("process.handler"),
    role: access.role,
    logGroup: access.logGroup,
    timeout: processorTimeout,
    architecture: lambda.Architecture.X86_64, // the image is built for linux/amd64
    // A file in memory, its decoded pixels (sharp, outside the worker's heap limit) and the
    // worker's heap, for each record of a batch at once.
    memorySize: 3008,
    ephemeralStorageSize: Size.mebibytes(512),
    environment: functionEnvironment(storage, auth),
  });
  const role = access.role;
  // Read, replace (PutObject) and move out (DeleteObject) the production object.
  allow(role, ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], [`${production.bucketArn}/files/*`]);
  // Copies into quarantine; GetObject authorises the HeadObject a replay uses.
  allow(role, ["s3:PutObject", "s3:GetObject"], [`${quarantine.bucketArn}/quarantine/*`]);
  allow(role, ["kms:GenerateDataKey", "kms:Decrypt"], [productionKey.keyArn]);
  // Without ListBucket a missing key is 403 instead of 404, which would read as a fault.
  allow(role, ["s3:ListBucket"], [production.bucketArn, quarantine.bucketArn]);
  // Invoice fields with INTAKE_FIELDS_ENGINE=textract: expense analysis only. Textract has no
  // resource-level permissions for these; it reads a multi-page PDF from production with this
  // role's S3 and KMS rights above.
  allow(role, ["textract:AnalyzeExpense", "textract:StartExpenseAnalysis", "textract:GetExpenseAnalysis"], ["*"]);
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: "AwsSolutions-IAM5",
        reason: "Textract's expense analysis actions accept no resource but *",
        appliesTo: ["Resource::*"],
      },
    ],
    true,
  );
  role.addToPrincipalPolicy(tableReadWrite(table, []));
  role.addToPrincipalPolicy(tableKeyUse(storage.tableKey, stack.region));
  processQueue.addConsumer(stack, {
    cdk: { function: processor, eventSource: { ...processBatch, reportBatchItemFailures: true } },
  });

  stack.addOutputs({ ProcessorFunction: processor.functionName });
  return { processor };
}
