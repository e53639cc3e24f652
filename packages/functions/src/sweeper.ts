// The scheduled sweeper: expires abandoned uploads and re-queues stuck scans.
import { Actor } from "@intake/core/actor";
import { withLogContext } from "@intake/core/log";
import { Sweep } from "@intake/core/sweep";
import type { Context } from "aws-lambda";
import { randomUUID } from "node:crypto";

export async function handler(_event?: unknown, context?: Context): Promise<Sweep.SweepResult> {
  return withLogContext({ requestId: context?.awsRequestId ?? randomUUID() }, () =>
    Actor.provide({ type: "system", properties: { name: "sweeper" } }, () => Sweep.run()),
  );
}
