// The scheduled sweeper: expires abandoned uploads and re-queues stuck scans.
import { Actor } from "@intake/core/actor";
import { withRequest } from "@intake/core/log";
import { Sweep } from "@intake/core/sweep";
import type { Context } from "aws-lambda";

export async function handler(_event?: unknown, context?: Context): Promise<Sweep.SweepResult> {
  return withRequest(context?.awsRequestId, () =>
    Actor.provide({ type: "system", properties: { name: "sweeper" } }, () => Sweep.run()),
  );
}
