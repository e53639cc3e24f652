import * as iam from "aws-cdk-lib/aws-iam";
import type { Table } from "sst/constructs";

/** What ElectroDB does with the one table: items, conditional writes, queries on the GSIs. */
export function tableReadWrite(table: Table) {
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
    resources: [table.tableArn, `${table.tableArn}/index/gsi1`, `${table.tableArn}/index/gsi2`],
  });
}
