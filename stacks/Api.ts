import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import { NagSuppressions } from "cdk-nag";
import { Function as SstFunction, Api as HttpApi, use, type StackContext } from "sst/constructs";
import { Auth } from "./Auth";
import { Events } from "./Events";
import { eventsEnvironment, functionEnvironment } from "./function-environment";
import { lambdaRole } from "./lambda-role";
import { siteOrigin } from "./settings";
import { Storage } from "./Storage";
import { tableKeyUse, tableReadWrite } from "./table-access";

/** Steady requests per second and burst for the whole API; per-user limits live in the router. */
export const apiThrottle = { rate: 50, burst: 100 };
/** The header CloudFront adds to every request it forwards to the API (stacks/Web.ts). */
export const originVerifyHeader = "x-origin-verify";

export function Api({ stack, app }: StackContext) {
  const storage = use(Storage);
  const auth = use(Auth);
  const events = use(Events);
  const { staging, table, tableKey, scanQueue, files } = storage;
  const { role, logGroup } = lambdaRole(stack, "ApiFunction");
  const allow = (actions: string[], resources: string[]) => new iam.PolicyStatement({ actions, resources });

  // Proves a request came through the site's distribution. `sst dev` serves the API from this
  // machine to a local Vite, with no CloudFront in between, so it is not checked there.
  const originSecret = new secretsmanager.Secret(stack, "OriginVerify", {
    description: `${app.name} ${app.stage}: the header CloudFront sends the API`,
    generateSecretString: { excludePunctuation: true, passwordLength: 48 },
  });
  NagSuppressions.addResourceSuppressions(originSecret, [
    {
      id: "AwsSolutions-SMG4",
      reason:
        "CloudFront's origin header and the API's variable both take it at deploy time; a rotation outside a deploy would lock the site out",
    },
  ]);
  const checked = app.mode !== "dev";

  const fn = new SstFunction(stack, "ApiFunction", {
    handler: "packages/functions/src/api.handler",
    timeout: "10 seconds",
    memorySize: "1024 MB",
    role,
    logGroup,
    // SST's default "active" tracing adds xray:Put* on Resource "*" (X-Ray has no resource ARNs).
    tracing: "disabled",
    // Core reads the download-signing key through AWS's Parameters and Secrets extension
    // (no SSM client in the bundle); it answers on localhost inside the sandbox.
    paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103, {
      cacheEnabled: false,
    }),
    environment: {
      ...functionEnvironment(storage, auth, {
        files: { origin: files.origin, keyPairId: files.keyPairId, privateKeyParameter: files.privateKeyParameter },
        originVerifySecret: checked ? originSecret.secretValue.unsafeUnwrap() : undefined,
      }),
      ...eventsEnvironment(events),
    },
    permissions: [
      // Presigned PUTs and multipart parts are signed with this role, so it needs
      // what the browser will do; HeadObject is authorised by s3:GetObject.
      allow(
        ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
        [`${staging.bucketArn}/staging/*`],
      ),
      // Downloads are CloudFront URLs signed with this key (the API never reads production).
      allow(
        ["ssm:GetParameter"],
        [`arn:${stack.partition}:ssm:${stack.region}:${stack.account}:parameter${files.privateKeyParameter}`],
      ),
      tableReadWrite(table, ["gsi1", "gsi2", "gsi3"]),
      tableKeyUse(tableKey, stack.region),
      // The health procedure: HeadBucket (s3:ListBucket), DescribeTable, GetQueueAttributes.
      allow(["s3:ListBucket"], [staging.bucketArn]),
      allow(["dynamodb:DescribeTable"], [table.tableArn]),
      allow(["sqs:GetQueueAttributes"], [scanQueue.queueArn]),
      // Webhook endpoints: a new or rotated secret is encrypted here and decrypted only by the
      // sender; a test or replay queues a delivery.
      allow(["kms:Encrypt"], [events.secretsKey.keyArn]),
      allow(["sqs:SendMessage"], [events.deliveryQueue.queueArn]),
    ],
  });

  NagSuppressions.addResourceSuppressions(fn, [
    {
      id: "AwsSolutions-L1",
      reason: "The Node major pinned in .node-version, which local mode, the tests and the scanner image share",
    },
  ]);

  const api = new HttpApi(stack, "Api", {
    // The SPA calls the API on its own origin through CloudFront; this is for `sst dev`'s Vite.
    cors: {
      allowOrigins: [siteOrigin(app)],
      allowMethods: ["GET", "POST"],
      allowHeaders: ["authorization", "content-type", "trpc-accept"],
      // The request id the API logs under, so a user can quote it in a report.
      exposeHeaders: ["x-request-id"],
      maxAge: "1 hour",
    },
    // API Gateway checks the Cognito ID token before the Lambda runs; the router checks it again.
    authorizers: {
      cognito: { type: "jwt", jwt: { issuer: auth.issuer, audience: [auth.clientId] } },
    },
    defaults: { throttle: apiThrottle, authorizer: "cognito" },
    accessLog: { retention: "one_month" },
    routes: {
      "ANY /trpc/{proxy+}": { function: fn },
      // `health` alone answers anyone; a batch that includes it goes to the route above.
      "GET /trpc/health": { function: fn, authorizer: "none" },
    },
  });

  NagSuppressions.addResourceSuppressions(api.node.findChild("Route_GET_--trpc--health"), [
    {
      id: "AwsSolutions-APIG4",
      reason: "health answers anyone by design; the router adds the checks only for an admin's token",
    },
  ]);

  stack.addOutputs({ ApiUrl: api.url });
  return { api, role, originSecret };
}
