// The scan's steps on the upload, each a conditional write through the store, so that
// duplicate and concurrent deliveries of one event cannot move an upload twice.
import { normalizeEtag } from "../upload/etag";
import { traits } from "../upload/lifecycle";
import { Store, type UploadItem } from "../upload/store";
import { quarantineReasons, scanFailedReason, type Outcome } from "./verdict";

export type Begun = { scanning: true; upload: UploadItem } | { scanning: false; upload: UploadItem; why: string };

/**
 * Moves the upload to `scanning` (from a scannable status), or counts another attempt
 * when it is scanning already. Anything later is left alone.
 */
export async function begin(upload: UploadItem, eventEtag: string | undefined): Promise<Begun> {
  let current: UploadItem | undefined = upload;
  // A status only moves forward, so a few rereads always settle.
  for (let round = 0; current && round < 4; round++) {
    const moved = await step(current, eventEtag);
    if (moved) return moved;
    current = await Store.get(upload.uploadId);
  }
  if (!current) return { scanning: false, upload, why: "the upload no longer exists" };
  throw new Error(`Upload ${upload.uploadId} kept changing while its scan began`);
}

async function step(upload: UploadItem, eventEtag: string | undefined): Promise<Begun | undefined> {
  switch (traits[upload.status].staged) {
    case "scan": {
      // Past its deadline the sweeper expires it; a late event does not revive it.
      if (upload.status === "pending" && Date.parse(upload.expiresAt) <= Date.now()) {
        return { scanning: false, upload, why: "pending past its deadline" };
      }
      // Confirm already stored the ETag it checked; from the event alone, keep the event's.
      const etag = upload.status === "pending" && eventEtag ? { etag: normalizeEtag(eventEtag) } : {};
      const moved = await Store.transition(upload, { from: upload.status, to: "scanning", set: etag, attempt: true });
      return moved && { scanning: true, upload: moved };
    }
    case "count": {
      const counted = await Store.countAttempt(upload);
      return counted && { scanning: true, upload: counted };
    }
    case "discard":
    case "keep":
      return { scanning: false, upload, why: `already ${upload.status}` };
  }
}

/**
 * Records the outcome while the upload is scanning and none is recorded yet. Returns the
 * outcome that stands: this one, or the one a concurrent delivery recorded first.
 */
export async function record(
  upload: UploadItem,
  outcome: Outcome,
): Promise<{ upload: UploadItem; outcome: Outcome } | undefined> {
  const recorded = await Store.recordVerdict(upload, outcome);
  if (recorded) return { upload: recorded, outcome };
  const current = await Store.get(upload.uploadId);
  const theirs = current && recordedOutcome(current);
  return current?.status === "scanning" && theirs ? { upload: current, outcome: theirs } : undefined;
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
  if (outcome.verdict === "clean") return Store.transition(upload, { from: "scanning", to: "processing" });
  return Store.transition(upload, {
    from: "scanning",
    to: "quarantined",
    set: { statusReason: quarantineReasons[outcome.verdict] },
  });
}

/** Retries are exhausted: the upload ends `failed`. Undefined when it was not scanning. */
export function giveUp(upload: Pick<UploadItem, "uploadId" | "createdAt">): Promise<UploadItem | undefined> {
  return Store.transition(upload, { from: "scanning", to: "failed", set: { statusReason: scanFailedReason } });
}
