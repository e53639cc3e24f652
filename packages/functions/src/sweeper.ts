// The scheduled sweeper: expires abandoned uploads and re-queues stuck scans.
import { Sweep } from "@intake/core/sweep";

export async function handler(): Promise<Sweep.SweepResult> {
  return Sweep.run();
}
