// Processing's steps on the upload, each a conditional write through the store, so that
// duplicate and concurrent deliveries of one message cannot move an upload twice.
import type { Fields } from "../fields/fields";
import { needsReview } from "../fields/review";
import { settings } from "../settings";
import { Store, type UploadItem } from "../upload/store";
import type { Inspection } from "./inspection";
import { processingFailedReason, processingQuarantineReasons } from "./outcome";

export type ProcessingRecord = NonNullable<UploadItem["processing"]>;
type Stored = NonNullable<ProcessingRecord["stored"]>;

/** Counts another attempt on an upload that is processing; undefined when it is not (any more). */
export async function begin(uploadId: string): Promise<UploadItem | undefined> {
  const upload = await Store.get(uploadId);
  if (upload?.status !== "processing") return undefined;
  return Store.countProcessAttempt(upload);
}

export function toRecord(inspection: Inspection, replacementSha256?: string, fields?: Fields): ProcessingRecord {
  switch (inspection.result) {
    case "clean":
      return {
        outcome: "clean",
        disarm: inspection.disarm,
        removed: inspection.removed,
        metadata: inspection.metadata,
        ...(replacementSha256 ? { replacementSha256 } : {}),
        ...(fields ? { fields } : {}),
      };
    case "malformed":
      return { outcome: "malformed", detail: inspection.detail, metadata: {} };
    case "active_content":
      return { outcome: "active_content", found: inspection.found, metadata: {} };
  }
}

/**
 * Records the result while the upload is processing and none is recorded yet. Returns the
 * record that stands (this one, or one a concurrent delivery recorded first), or undefined
 * once the upload has moved on.
 */
export async function record(
  upload: UploadItem,
  result: ProcessingRecord,
): Promise<{ upload: UploadItem; record: ProcessingRecord; ours: boolean } | undefined> {
  const recorded = await Store.recordProcessing(upload, result);
  if (recorded) return { upload: recorded, record: result, ours: true };
  const current = await Store.get(upload.uploadId);
  return current?.status === "processing" && current.processing
    ? { upload: current, record: current.processing, ours: false }
    : undefined;
}

/** The status a recorded result leads to. Undefined when someone else moved it first. */
export function finish(upload: UploadItem, result: ProcessingRecord, stored?: Stored): Promise<UploadItem | undefined> {
  const processedAt = new Date().toISOString();
  if (result.outcome === "clean") {
    const config = settings();
    const review =
      config.purposes[upload.purpose].review === "admin" || needsReview(result.fields, config.fields.unrecognised);
    return Store.transition(upload, {
      from: "processing",
      to: review ? "in_review" : "ready",
      set: {
        processing: { ...result, ...(stored ? { stored, replacementSha256: stored.checksumSha256 } : {}), processedAt },
      },
    });
  }
  return Store.transition(upload, {
    from: "processing",
    to: "quarantined",
    set: { statusReason: processingQuarantineReasons[result.outcome], processing: { ...result, processedAt } },
  });
}

/** Retries are exhausted: the upload ends `failed`. Undefined when it was not processing. */
export function giveUp(upload: Pick<UploadItem, "uploadId" | "createdAt">): Promise<UploadItem | undefined> {
  return Store.transition(upload, { from: "processing", to: "failed", set: { statusReason: processingFailedReason } });
}
