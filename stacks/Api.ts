import * as iam from "aws-cdk-lib/aws-iam";
import { Api as HttpApi, use, type StackContext } from "sst/constructs";
import { Auth } from "./Auth";
import { functionEnvironment } from "./function-environment";
import { lambdaRole } from "./lambda-role";
import { siteOrigin } from "./settings";
import { Storage } from "./Storage";
import { tableReadWrite } from "./table-access";

/** Steady requests per second and burst for the whole API; per-user limits live in the router. */
export const apiThrottle = { rate: 50, burst: 100 };

export function Api({ stack, app }: StackContext) {
  const storage = use(Storage);
  const auth = use(Auth);
  const { staging, production, productionKey, table, scanQueue } = storage;
  const { role, logGroup } = lambdaRole(stack, "ApiFunction");
  const allow = (actions: string[], resources: string[]) => new iam.PolicyStatement({ actions, resources });

  const api = new HttpApi(stack, "Api", {
    cors: {
      allowOrigins: [siteOrigin(app)],
      allowMethods: ["GET", "POST"],
      allowHeaders: ["authorization", "content-type", "trpc-accept"],
      // The request id the API logs under, so a user can quote it in a report.
      exposeHeaders: ["x-request-id"],
      maxAge: "1 hour",
    },
    defaults: { throttle: apiThrottle },
    accessLog: { retention: "one_month" },
    routes: {
      "ANY /trpc/{proxy+}": {
        function: {
          handler: "packages/functions/src/api.handler",
          timeout: "10 seconds",
          memorySize: "1024 MB",
          role,
          logGroup,
          // SST's default "active" tracing adds xray:Put* on Resource "*" (X-Ray has no resource ARNs).
          tracing: "disabled",
          environment: functionEnvironment(storage, auth),
          permissions: [
            // Presigned PUTs and multipart parts are signed with this role, so it needs
            // what the browser will do; HeadObject is authorised by s3:GetObject.
            allow(
              [
                "s3:PutObject",
                "s3:GetObject",
                "s3:DeleteObject",
                "s3:AbortMultipartUpload",
                "s3:ListMultipartUploadParts",
              ],
              [`${staging.bucketArn}/staging/*`],
            ),
            allow(["s3:GetObject"], [`${production.bucketArn}/files/*`]),
            // A signed GET of an SSE-KMS object is decrypted with the signer's permissions.
            allow(["kms:Decrypt"], [productionKey.keyArn]),
            tableReadWrite(table, ["gsi1", "gsi2", "gsi3"]),
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
  return { api, role };
}
