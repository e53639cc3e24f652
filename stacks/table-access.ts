import * as iam from "aws-cdk-lib/aws-iam";
import type { Table } from "sst/constructs";

/**
 * What ElectroDB does with the one table: items, conditional writes, queries on the GSIs
 * given (by owner and by status for everyone; gsi3, everything newest first, for the API).
 */
export function tableReadWrite(table: Table, indexes: readonly string[] = ["gsi1", "gsi2"]) {
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
