// The scheduled sweeper: expires abandoned uploads and re-queues stuck scans.
import { Actor } from "@intake/core/actor";
import { Sweep } from "@intake/core/sweep";

export async function handler(): Promise<Sweep.SweepResult> {
  return Actor.provide({ type: "system", properties: { name: "sweeper" } }, () => Sweep.run());
}
