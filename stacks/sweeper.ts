import { NagSuppressions } from "cdk-nag";
import { Cron, Function as SstFunction, type Stack } from "sst/constructs";
import type { Auth } from "./Auth";
import { functionEnvironment } from "./function-environment";
import { allow, lambdaRole } from "./lambda-role";
import type { Storage } from "./Storage";
import { tableKeyUse, tableReadWrite } from "./table-access";

/**
 * Expires pending uploads past their deadline (deleting what they staged) and queues stuck
 * ones for scanning or processing again; see packages/core/src/sweep.
 */
export function sweeperJob(stack: Stack, storage: ReturnType<typeof Storage>, auth: ReturnType<typeof Auth>) {
  const { staging, table, scanQueue, processQueue } = storage;
  const { role, logGroup } = lambdaRole(stack, "Sweeper");
  const sweeper = new SstFunction(stack, "SweeperFunction", {
    handler: "packages/functions/src/sweeper.handler",
    timeout: "5 minutes",
    role,
    logGroup,
    tracing: "disabled", // SST's default adds xray:Put* on Resource "*"
    environment: functionEnvironment(storage, auth),
  });
  NagSuppressions.addResourceSuppressions(sweeper, [
    {
      id: "AwsSolutions-L1",
      reason: "The Node major pinned in .node-version, which local mode, the tests and the scanner image share",
    },
  ]);
  allow(role, ["s3:DeleteObject"], [`${staging.bucketArn}/staging/*`]);
  allow(role, ["sqs:SendMessage"], [scanQueue.queueArn, processQueue.queueArn]);
  // It finds stuck uploads by status (gsi2) and nothing else.
  role.addToPrincipalPolicy(tableReadWrite(table, ["gsi2"]));
  role.addToPrincipalPolicy(tableKeyUse(storage.tableKey, stack.region));
  new Cron(stack, "SweepSchedule", { schedule: "rate(10 minutes)", job: sweeper });
  return sweeper;
}
