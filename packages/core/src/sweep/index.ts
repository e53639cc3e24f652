export * as Sweep from "./";

import { Actor } from "../actor";
import { db } from "../dynamo";
import { describeError, log, withLogContext } from "../log";
import { enqueue as enqueueProcessing } from "../process/queue";
import { giveUp as giveUpProcessing } from "../process/progress";
import { Recover } from "../recover";
import { Scan } from "../scan";
import { giveUp as giveUpScan } from "../scan/progress";
import { discardStaged } from "../scan/storage";
import { settings } from "../settings";
import { expirable, recoverable, reprocessable, rescannable, type Status } from "../upload/lifecycle";
import { abortParts, isMultipart } from "../upload/multipart-item";
import { Store, type UploadItem } from "../upload/store";

/** Most uploads one run looks at per status, so a run stays well inside a Lambda's time. */
const PER_RUN = 500;

export interface SweepResult {
  expired: number;
  requeued: number;
  failed: number;
  /** Failed on a fault, tried again now that their stage answers. */
  recovered: number;
}

/**
 * One pass: `pending` uploads past their deadline become `expired` (and lose their staged
 * object); uploads left in `received`, `scanning` or `processing` for longer than their
 * queue's visibility window are queued again (a lost event, a restarted local queue, a
 * consumer that died mid-scan), or end `failed` once they have used up their attempts;
 * uploads that failed on a fault are tried again once their stage answers (see Recover).
 */
export async function run(now = new Date()): Promise<SweepResult> {
  Actor.system();
  const expired = await expirePending(now);
  const stuck = await requeueStuck(now);
  const recovered = await recoverFailed(now);
  return { expired, ...stuck, recovered };
}

async function recoverFailed(now: Date): Promise<number> {
  let recovered = 0;
  for (const status of recoverable)
    recovered += await Recover.sweep(
      byStatus(status, (a, { lte }) => lte(a.updatedAt, now.toISOString())),
      now,
    );
  if (recovered > 0) log("info", "sweep: failed uploads tried again", { recovered });
  return recovered;
}

async function expirePending(now: Date): Promise<number> {
  let expired = 0;
  for (const status of expirable) {
    for await (const upload of byStatus(status, (a, { lte }) => lte(a.expiresAt, now.toISOString()))) {
      if (await withLogContext({ uploadId: upload.uploadId }, () => expire(upload, status))) expired++;
    }
  }
  return expired;
}

async function expire(upload: UploadItem, status: Status): Promise<boolean> {
  const moved = await Store.transition(upload, { from: status, to: "expired" });
  if (!moved) return false;
  // Parts of an unfinished multipart upload are not an object: they need their own abort.
  const cleanUp = isMultipart(upload) ? abortParts(upload) : discardStaged(upload.stagingKey);
  await cleanUp.catch((error) =>
    log("warn", "sweep: could not delete what an expired upload staged", {
      key: upload.stagingKey,
      error: describeError(error),
    }),
  );
  return true;
}

/** One kind of stuck: the statuses, how long is too long, and how to try again or give up. */
interface Stage {
  statuses: readonly Status[];
  visibilityTimeoutSeconds: number;
  exhausted(upload: UploadItem): boolean;
  giveUp(upload: UploadItem): Promise<UploadItem | undefined>;
  enqueue(upload: UploadItem): Promise<void>;
}

function stages(): Stage[] {
  const { scan, processing } = settings();
  return [
    {
      statuses: rescannable,
      visibilityTimeoutSeconds: scan.visibilityTimeoutSeconds,
      exhausted: (upload) => upload.status === "scanning" && (upload.scanAttempts ?? 0) >= scan.maxReceives,
      giveUp: giveUpScan,
      enqueue: Scan.enqueue,
    },
    {
      statuses: reprocessable,
      visibilityTimeoutSeconds: processing.visibilityTimeoutSeconds,
      exhausted: (upload) => (upload.processAttempts ?? 0) >= processing.maxReceives,
      giveUp: giveUpProcessing,
      enqueue: enqueueProcessing,
    },
  ];
}

async function requeueStuck(now: Date): Promise<{ requeued: number; failed: number }> {
  let requeued = 0;
  let failed = 0;
  for (const stage of stages()) {
    const cutoff = new Date(now.getTime() - stage.visibilityTimeoutSeconds * 1000).toISOString();
    for (const status of stage.statuses) {
      for await (const upload of byStatus(status, (a, { lte }) => lte(a.updatedAt, cutoff))) {
        const outcome = await withLogContext({ uploadId: upload.uploadId }, () => requeue(upload, stage));
        if (outcome === "failed") failed++;
        if (outcome === "requeued") requeued++;
      }
    }
  }
  if (requeued + failed > 0) log("info", "sweep: stuck uploads", { requeued, failed });
  return { requeued, failed };
}

async function requeue(upload: UploadItem, stage: Stage): Promise<"requeued" | "failed" | "moved on"> {
  if (stage.exhausted(upload)) return (await stage.giveUp(upload)) ? "failed" : "moved on";
  // Stamped first: if the stamp loses a race, the upload moved on and needs no message.
  if (!(await Store.markRequeued(upload))) return "moved on";
  await stage.enqueue(upload);
  return "requeued";
}

type Filter = Parameters<ReturnType<ReturnType<typeof db>["upload"]["query"]["byStatus"]>["where"]>[0];

async function* byStatus(status: Status, filter: Filter): AsyncGenerator<UploadItem> {
  let cursor: string | null = null;
  let seen = 0;
  do {
    const page: { data: UploadItem[]; cursor: string | null } = await db()
      .upload.query.byStatus({ status })
      .where(filter)
      .go({ cursor, count: 100 });
    for (const upload of page.data) yield upload;
    seen += page.data.length;
    cursor = page.cursor;
  } while (cursor && seen < PER_RUN);
}
