import { Duration, type Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as s3 from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";

/**
 * Quarantined files are evidence, not content: the bucket policy denies reading them to
 * every principal but this role, which account administrators assume to investigate, and
 * the scanner, whose replay after a crash checks (HeadObject, authorised as s3:GetObject)
 * whether its copy got there. The scanner is named, not referenced: its stack comes later.
 */
export function quarantineReader(stack: Stack, bucket: s3.IBucket, scannerRoleName: string) {
  const role = new iam.Role(stack, "QuarantineReader", {
    assumedBy: new iam.AccountRootPrincipal(),
    description: "Assumed by an administrator to inspect quarantined files",
    maxSessionDuration: Duration.hours(1),
  });
  const objects = bucket.arnForObjects("*");
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ["s3:ListBucket"], resources: [bucket.bucketArn] }));
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ["s3:GetObject", "s3:GetObjectVersion"], resources: [objects] }),
  );
  NagSuppressions.addResourceSuppressions(
    role,
    [{ id: "AwsSolutions-IAM5", reason: "Reads any quarantined file: inspecting them is what the role is for" }],
    true,
  );
  const scannerRole = `arn:${stack.partition}:iam::${stack.account}:role/${scannerRoleName}`;
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "OnlyTheQuarantineReaderReads",
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ["s3:GetObject", "s3:GetObjectVersion"],
      resources: [objects],
      conditions: { ArnNotEquals: { "aws:PrincipalArn": [role.roleArn, scannerRole] } },
    }),
  );
  return role;
}
