import * as iam from "aws-cdk-lib/aws-iam";
import { Api as HttpApi, use, type StackContext } from "sst/constructs";
import { jwtSettings, siteOrigin } from "./settings";
import { Storage } from "./Storage";

export function Api({ stack, app }: StackContext) {
  const { staging, production, productionKey, quarantine, table, scanQueue } = use(Storage);
  const allow = (actions: string[], resources: string[]) => new iam.PolicyStatement({ actions, resources });

  const api = new HttpApi(stack, "Api", {
    cors: {
      allowOrigins: [siteOrigin(app)],
      allowMethods: ["GET", "POST"],
      allowHeaders: ["authorization", "content-type", "trpc-accept"],
      maxAge: "1 hour",
    },
    routes: {
      "ANY /trpc/{proxy+}": {
        function: {
          handler: "packages/functions/src/api.handler",
          timeout: "10 seconds",
          // SST's default "active" tracing adds xray:Put* on Resource "*" (X-Ray has no resource ARNs).
          tracing: "disabled",
          // Plain environment, no `bind`: binding grants s3:*, dynamodb:* and sqs:* on each resource.
          environment: {
            INTAKE_TABLE: table.tableName,
            INTAKE_STAGING_BUCKET: staging.bucketName,
            INTAKE_PRODUCTION_BUCKET: production.bucketName,
            INTAKE_QUARANTINE_BUCKET: quarantine.bucketName,
            INTAKE_SCAN_QUEUE_URL: scanQueue.queueUrl,
            ...jwtSettings(app),
          },
          permissions: [
            // Presigned PUTs and multipart parts are signed with this role, so it needs
            // what the browser will do; HeadObject is authorised by s3:GetObject.
            allow(
              ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
              [`${staging.bucketArn}/staging/*`],
            ),
            allow(["s3:GetObject"], [`${production.bucketArn}/files/*`]),
            // A signed GET of an SSE-KMS object is decrypted with the signer's permissions.
            allow(["kms:Decrypt"], [productionKey.keyArn]),
            allow(
              [
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:ConditionCheckItem",
                "dynamodb:BatchGetItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:Query",
              ],
              [table.tableArn, `${table.tableArn}/index/gsi1`, `${table.tableArn}/index/gsi2`],
            ),
            // The health procedure: HeadBucket (s3:ListBucket), DescribeTable, GetQueueAttributes.
            allow(["s3:ListBucket"], [staging.bucketArn]),
            allow(["dynamodb:DescribeTable"], [table.tableArn]),
            allow(["sqs:GetQueueAttributes"], [scanQueue.queueArn]),
          ],
        },
      },
    },
  });

  stack.addOutputs({ ApiUrl: api.url });
  return { api };
}
