// Uploads that failed on a fault (clamd or processing down past every retry) tried again:
// by the sweeper once the stage answers again, or by an admin. Content verdicts never move.
export * as Recover from "./";

import { Actor } from "../actor";
import { withTimeout, pingClamd } from "../health";
import { describeError, log } from "../log";
import { enqueue as enqueueProcessing } from "../process/queue";
import { Scan } from "../scan";
import { settings } from "../settings";
import { recovery } from "../upload/lifecycle";
import { Store, type UploadItem } from "../upload/store";

export type Stage = "received" | "processing";

/**
 * Moves a failed-on-a-fault upload back to its stage and queues it there. Undefined when it is
 * not (any more) a fault's failure: moved on, or a content verdict.
 */
export async function retry(upload: UploadItem): Promise<UploadItem | undefined> {
  const to = recovery(upload);
  if (!to || !upload.statusReason) return undefined;
  const moved = await Store.recover(upload, { reason: upload.statusReason, to });
  if (!moved) return undefined;
  // A crash here leaves it in `received`/`processing` unchanged: the sweeper re-queues those.
  if (to === "received") await Scan.enqueue(moved);
  else await enqueueProcessing(moved);
  log("info", "recover: tried again", { uploadId: moved.uploadId, status: moved.status, recoveries: moved.recoveries });
  return moved;
}

/** The object a scan retry reads is still in staging: the bucket expires it 2 days after the PUT. */
export function stagedObjectKept(upload: UploadItem, now = new Date()): boolean {
  if (recovery(upload) !== "received") return true; // processing reads production, which keeps it
  const { recovery: limits, scan } = settings();
  // Room for the retry to finish before the object goes.
  const lastUseful =
    Date.parse(upload.createdAt) + (limits.stagingRetentionSeconds - scan.visibilityTimeoutSeconds) * 1000;
  return now.getTime() < lastUseful;
}

/**
 * The stage can do its work again. Scans: clamd answers PING where it is reachable (local
 * mode); the scanner on AWS runs its own clamd per container, so there the retry itself is
 * the probe, bounded by INTAKE_RECOVERY_MAX. Processing needs nothing but the function.
 */
export async function healthy(stage: Stage): Promise<boolean> {
  if (stage === "processing") return true;
  const { clamd } = settings();
  if (!clamd) return true;
  try {
    await withTimeout(pingClamd(clamd.host, clamd.port), 2_000);
    return true;
  } catch (error) {
    log("info", "recover: clamd not answering, failed scans wait", { error: describeError(error) });
    return false;
  }
}

/** Whether the sweeper should try this upload again now (health aside). */
export function due(upload: UploadItem, now = new Date()): boolean {
  const to = recovery(upload);
  if (!to) return false;
  const config = settings();
  if ((upload.recoveries ?? 0) >= config.recovery.max) return false;
  if (!stagedObjectKept(upload, now)) return false;
  // Not straight after failing: a stage's own retries just ran out.
  const window = to === "received" ? config.scan.visibilityTimeoutSeconds : config.processing.visibilityTimeoutSeconds;
  return Date.parse(upload.updatedAt) <= now.getTime() - window * 1000;
}

/** The sweeper's pass over failed uploads: the ones due, for stages that answer. */
export async function sweep(failed: AsyncIterable<UploadItem>, now = new Date()): Promise<number> {
  Actor.system();
  const health = new Map<Stage, Promise<boolean>>();
  const stageHealthy = (stage: Stage) => {
    if (!health.has(stage)) health.set(stage, healthy(stage));
    return health.get(stage)!;
  };
  let recovered = 0;
  for await (const upload of failed) {
    const stage = recovery(upload);
    if (!stage || !due(upload, now) || !(await stageHealthy(stage))) continue;
    if (await retry(upload)) recovered++;
  }
  return recovered;
}
