import { RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as logs from "aws-cdk-lib/aws-logs";
import { NagSuppressions } from "cdk-nag";
import type { Construct } from "constructs";

/**
 * An execution role and log group for one Lambda function. CDK's default role carries the
 * AWSLambdaBasicExecutionRole managed policy (logs:* on Resource "*"); this one may only
 * write to its own log group, and everything else is granted statement by statement.
 */
export function lambdaRole(scope: Construct, id: string, roleName?: string) {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, `${id}Role`, {
    roleName,
    assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
  });
  allow(role, ["logs:CreateLogStream", "logs:PutLogEvents"], [logGroup.logGroupArn]);
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: "AwsSolutions-IAM5",
        reason:
          "Objects under one key prefix of one bucket: object keys are made per upload, so a prefix is the narrowest grant",
        appliesTo: [{ regex: "/^Resource::<[A-Za-z0-9]+\\.Arn>\\/[a-z]+\\/\\*$/" }],
      },
    ],
    true,
  );
  return { role, logGroup };
}

export function allow(role: iam.IRole, actions: string[], resources: string[]) {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
}
