import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type { Table } from "sst/constructs";

/**
 * What ElectroDB does with the one table: items, conditional writes, and queries on the
 * indexes each caller names (gsi1 by owner, gsi2 by status, gsi3 everything newest first).
 */
export function tableReadWrite(table: Table, indexes: readonly ("gsi1" | "gsi2" | "gsi3")[]) {
  return new iam.PolicyStatement({
    actions: [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:ConditionCheckItem",
      "dynamodb:BatchGetItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:Query",
    ],
    resources: [table.tableArn, ...indexes.map((index) => `${table.tableArn}/index/${index}`)],
  });
}

/**
 * The table is encrypted with its own KMS key: every caller needs it too, and only through
 * DynamoDB (which encrypts and decrypts on the caller's behalf).
 */
export function tableKeyUse(key: kms.IKey, region: string) {
  return new iam.PolicyStatement({
    actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"],
    resources: [key.keyArn],
    conditions: { StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } },
  });
}
