// The only code that writes upload items. Every write is conditional on the status the
// writer read, so duplicate and concurrent events cannot move an upload twice; every status
// change goes through `transition`, which checks the move against the lifecycle and counts it.
export * as Store from "./store";

import { isConditionFailure } from "../conditional";
import { db, service } from "../dynamo";
import { eventFor } from "../events/outbox";
import { eventOf } from "../events/types";
import type { Outcome } from "../scan/verdict";
import { canMove, type Status } from "./lifecycle";
import type { UploadItem } from "./upload.entity";

export type { UploadItem } from "./upload.entity";

/** What identifies an upload to a write: its id, and the sort-key part its indexes share. */
type Target = Pick<UploadItem, "uploadId" | "createdAt">;

export async function get(uploadId: string): Promise<UploadItem | undefined> {
  const result = await db().upload.get({ uploadId }).go({ consistent: true });
  return result.data ?? undefined;
}

type NewUpload = Omit<Parameters<ReturnType<typeof db>["upload"]["create"]>[0], "status" | "revision">;

/** A new upload, always `pending`. */
export async function create(upload: NewUpload): Promise<UploadItem> {
  const created = await db()
    .upload.create({ ...upload, status: "pending" })
    .go();
  return created.data as UploadItem;
}

type Changes = Partial<
  Pick<UploadItem, "etag" | "statusReason" | "reviewedBy" | "reviewedAt" | "reviewNote" | "processing">
>;

/**
 * Moves an upload from `from` to `to` with a conditional write, and increments its
 * revision. Returns the new item, or undefined when the upload was no longer in `from`
 * (someone else moved it). `attempt` also counts a scan attempt in the same write.
 * A move into a status with an event writes the event in the same transaction.
 */
export async function transition(
  upload: Target,
  move: { from: Status; to: Status; set?: Changes; attempt?: boolean },
): Promise<UploadItem | undefined> {
  if (!canMove(move.from, move.to)) throw new Error(`An upload cannot move from ${move.from} to ${move.to}`);
  if (eventOf[move.to]) return transitionWithEvent(upload, move);
  return conditional(() =>
    db()
      .upload.patch({ uploadId: upload.uploadId })
      .set({ status: move.to, ...move.set })
      .add({ revision: 1, ...(move.attempt ? { scanAttempts: 1 } : {}) })
      .composite({ createdAt: upload.createdAt })
      .where((a, { eq }) => eq(a.status, move.from))
      .go({ response: "all_new" }),
  );
}

/**
 * A `failed` upload tried again: moved to `to` while it is still failed for `reason` (a fault),
 * its attempts reset and one more recovery counted. Undefined when it had moved on.
 */
export async function recover(
  upload: Target,
  move: { reason: string; to: "received" | "processing" },
): Promise<UploadItem | undefined> {
  if (!canMove("failed", move.to)) throw new Error(`An upload cannot move from failed to ${move.to}`);
  return conditional(() =>
    db()
      .upload.patch({ uploadId: upload.uploadId })
      .set({ status: move.to, scanAttempts: 0, processAttempts: 0 })
      .remove(["statusReason"])
      .add({ revision: 1, recoveries: 1 })
      .composite({ createdAt: upload.createdAt })
      .where((a, { eq }) => `${eq(a.status, "failed")} AND ${eq(a.statusReason, move.reason)}`)
      .go({ response: "all_new" }),
  );
}

/**
 * A transaction cannot return the item it wrote, so the item is read first and the write is
 * conditional on it being unchanged (`updatedAt` moves with every write): the event and the
 * returned item then describe exactly what was committed. A write in between reads again.
 */
async function transitionWithEvent(
  upload: Target,
  move: { from: Status; to: Status; set?: Changes; attempt?: boolean },
): Promise<UploadItem | undefined> {
  for (;;) {
    const current = await get(upload.uploadId);
    if (!current || current.status !== move.from) return undefined;
    const updatedAt = new Date().toISOString();
    const next: UploadItem = {
      ...current,
      ...move.set,
      status: move.to,
      revision: current.revision + 1,
      scanAttempts: (current.scanAttempts ?? 0) + (move.attempt ? 1 : 0),
      updatedAt,
    };
    const event = eventFor(next);
    if (!event) throw new Error(`no event for ${move.to}`);
    const result = await service()
      .transaction.write(({ upload: uploads, event: events }) => [
        uploads
          .patch({ uploadId: upload.uploadId })
          .set({ status: move.to, ...move.set, updatedAt })
          .add({ revision: 1, ...(move.attempt ? { scanAttempts: 1 } : {}) })
          .composite({ createdAt: current.createdAt })
          .where(
            (a, { eq }) =>
              `${eq(a.status, move.from)} AND ${eq(a.updatedAt, current.updatedAt)} AND ${eq(a.revision, current.revision)}`,
          )
          .commit(),
        events.create(event).commit(),
      ])
      .go();
    if (!result.canceled) return next;
    const reasons = result.data.map((item) => item.code);
    // The upload changed since it was read: read it again (a new status ends the loop).
    if (reasons[0] === "ConditionalCheckFailed" || reasons.includes("TransactionConflict")) continue;
    throw new Error(`the ${move.to} transaction was cancelled: ${reasons.join(", ")}`);
  }
}

/** Another delivery of the scan event for an upload already scanning. */
export function countAttempt(upload: Target): Promise<UploadItem | undefined> {
  return conditional(() =>
    db()
      .upload.patch({ uploadId: upload.uploadId })
      .add({ scanAttempts: 1 })
      .where((a, { eq }) => eq(a.status, "scanning"))
      .go({ response: "all_new" }),
  );
}

/** Another delivery of the processing message for an upload being processed. */
export function countProcessAttempt(upload: Target): Promise<UploadItem | undefined> {
  return conditional(() =>
    db()
      .upload.patch({ uploadId: upload.uploadId })
      .add({ processAttempts: 1 })
      .where((a, { eq }) => eq(a.status, "processing"))
      .go({ response: "all_new" }),
  );
}

/**
 * Records processing's result while the upload is processing and none is recorded yet,
 * before anything moves. Undefined when one was recorded first.
 */
export function recordProcessing(
  upload: Target,
  processing: NonNullable<UploadItem["processing"]>,
): Promise<UploadItem | undefined> {
  return conditional(() =>
    db()
      .upload.patch({ uploadId: upload.uploadId })
      .set({ processing })
      .where((a, { eq, notExists }) => `${eq(a.status, "processing")} AND ${notExists(a.processing)}`)
      .go({ response: "all_new" }),
  );
}

/**
 * Records a scan's outcome while the upload is scanning and none is recorded yet, before
 * anything moves, so a replay knows where the file went. Undefined when one was recorded first.
 */
export function recordVerdict(
  upload: Target & Pick<UploadItem, "etag">,
  outcome: Outcome,
): Promise<UploadItem | undefined> {
  return conditional(() =>
    db()
      .upload.patch({ uploadId: upload.uploadId })
      .set({
        scanVerdict: outcome.verdict,
        detectedType: outcome.detectedType,
        signatures: outcome.signatures,
        scannedEtag: outcome.etag,
        scannedAt: new Date().toISOString(),
        // Scanning may have started from the event alone: keep the ETag a later confirm checks.
        etag: upload.etag ?? outcome.etag,
      })
      .where((a, { eq, notExists }) => `${eq(a.status, "scanning")} AND ${notExists(a.scanVerdict)}`)
      .go({ response: "all_new" }),
  );
}

/** The sweeper re-sent its scan event: stamped while it is still in the status it was found in. */
export function markRequeued(upload: Target & Pick<UploadItem, "status">): Promise<UploadItem | undefined> {
  return conditional(() =>
    db()
      .upload.patch({ uploadId: upload.uploadId })
      .set({ requeuedAt: new Date().toISOString() })
      .where((a, { eq }) => eq(a.status, upload.status))
      .go({ response: "all_new" }),
  );
}

/** The parts S3 held when last counted, kept for listings while the upload is pending. */
export function recordPartsUploaded(upload: Target, partsUploaded: number): Promise<UploadItem | undefined> {
  return conditional(() =>
    db()
      .upload.patch({ uploadId: upload.uploadId })
      .set({ partsUploaded })
      .where((a, { eq }) => eq(a.status, "pending"))
      .go({ response: "all_new" }),
  );
}

/** Deletes the upload's record while it is still in `status`; false when it was not. */
export async function remove(upload: Target, status: Status): Promise<boolean> {
  const removed = await conditional(() =>
    db()
      .upload.delete({ uploadId: upload.uploadId })
      .where((a, { eq }) => eq(a.status, status))
      .go({ response: "all_old" }),
  );
  return removed !== undefined;
}

/** Runs a conditional write; undefined when its condition failed. */
async function conditional(write: () => Promise<{ data: unknown }>): Promise<UploadItem | undefined> {
  try {
    return (await write()).data as UploadItem;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
