// The scan's writes to the upload, each conditional on its status so that duplicate and
// concurrent deliveries of one event cannot move an upload twice.
import { isConditionFailure } from "../conditional";
import { db } from "../dynamo";
import { settings } from "../settings";
import { Upload } from "../upload";
import type { UploadItem } from "../upload/upload.entity";
import { quarantineReasons, scanFailedReason, type Outcome } from "./verdict";

export type Begun = { scanning: true; upload: UploadItem } | { scanning: false; upload: UploadItem; why: string };

/**
 * Moves the upload to `scanning` (from `pending` or `received`), or counts another attempt
 * when it is scanning already. Anything later is left alone.
 */
export async function begin(upload: UploadItem, eventEtag: string | undefined): Promise<Begun> {
  let current: UploadItem | undefined = upload;
  // A status only moves forward, so a few rereads always settle.
  for (let round = 0; current && round < 4; round++) {
    const moved = await step(current, eventEtag);
    if (moved) return moved;
    current = await Upload.fromId(upload.uploadId);
  }
  if (!current) return { scanning: false, upload, why: "the upload no longer exists" };
  throw new Error(`Upload ${upload.uploadId} kept changing while its scan began`);
}

async function step(upload: UploadItem, eventEtag: string | undefined): Promise<Begun | undefined> {
  switch (upload.status) {
    case "pending": {
      // Past its deadline the sweeper expires it; a late event does not revive it.
      if (Date.parse(upload.expiresAt) <= Date.now()) return { scanning: false, upload, why: "pending past its deadline" };
      const etag = eventEtag ? { etag: Upload.normalizeEtag(eventEtag) } : {};
      const moved = await Upload.transition(upload, ["pending"], "scanning", etag, { scanAttempts: 1 });
      return moved && { scanning: true, upload: moved };
    }
    case "received": {
      const moved = await Upload.transition(upload, ["received"], "scanning", {}, { scanAttempts: 1 });
      return moved && { scanning: true, upload: moved };
    }
    case "scanning": {
      const counted = await ifStatus(() =>
        db()
          .upload.patch({ uploadId: upload.uploadId })
          .add({ scanAttempts: 1 })
          .where((a, { eq }) => eq(a.status, "scanning"))
          .go({ response: "all_new" }),
      );
      return counted && { scanning: true, upload: counted };
    }
    default:
      return { scanning: false, upload, why: `already ${upload.status}` };
  }
}

/**
 * Records the outcome while the upload is scanning and none is recorded yet. Returns the
 * outcome that stands: this one, or the one a concurrent delivery recorded first.
 */
export async function record(upload: UploadItem, outcome: Outcome): Promise<{ upload: UploadItem; outcome: Outcome } | undefined> {
  try {
    const result = await db()
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
      .go({ response: "all_new" });
    return { upload: result.data as UploadItem, outcome };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const current = await Upload.fromId(upload.uploadId);
  const recorded = current && recordedOutcome(current);
  return current?.status === "scanning" && recorded ? { upload: current, outcome: recorded } : undefined;
}

export function recordedOutcome(upload: UploadItem): Outcome | undefined {
  if (!upload.scanVerdict || !upload.scannedEtag) return undefined;
  return {
    verdict: upload.scanVerdict,
    detectedType: upload.detectedType ?? "application/octet-stream",
    signatures: upload.signatures ?? [],
    etag: upload.scannedEtag,
  };
}

/** The status the recorded outcome leads to. Returns undefined when someone else moved it first. */
export async function finish(upload: UploadItem, outcome: Outcome): Promise<UploadItem | undefined> {
  if (outcome.verdict === "clean") {
    const review = settings().purposes[upload.purpose].review === "admin";
    return Upload.transition(upload, ["scanning"], review ? "in_review" : "ready");
  }
  return Upload.transition(upload, ["scanning"], "quarantined", { statusReason: quarantineReasons[outcome.verdict] });
}

/** Retries are exhausted: the upload ends `failed`. Undefined when it was not scanning. */
export function giveUp(upload: Pick<UploadItem, "uploadId" | "createdAt">): Promise<UploadItem | undefined> {
  return Upload.transition(upload, ["scanning"], "failed", { statusReason: scanFailedReason });
}

/** The sweeper re-sent its event: stamp it so the next sweep waits another window. */
export function markRequeued(upload: UploadItem): Promise<UploadItem | undefined> {
  return ifStatus(() =>
    db()
      .upload.patch({ uploadId: upload.uploadId })
      .set({ requeuedAt: new Date().toISOString() })
      .where((a, { eq }) => eq(a.status, upload.status))
      .go({ response: "all_new" }),
  );
}

/** Runs a write conditional on the status; undefined when the condition failed. */
async function ifStatus(write: () => Promise<{ data: unknown }>): Promise<UploadItem | undefined> {
  try {
    return (await write()).data as UploadItem;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
