// What Intake tells the outside world: the event types, and the body every webhook carries.
import type { UploadItem } from "../upload/upload.entity";
import type { Status } from "../upload/lifecycle";

export const documentEventTypes = [
  "document.ready",
  "document.in_review",
  "document.rejected",
  "document.quarantined",
  "document.failed",
] as const;
export const eventTypes = [...documentEventTypes, "webhook.test"] as const;
export type EventType = (typeof eventTypes)[number];

/** The statuses whose arrival is an event: written in the same transaction as the move. */
export const eventOf: Partial<Record<Status, EventType>> = {
  ready: "document.ready",
  in_review: "document.in_review",
  rejected: "document.rejected",
  quarantined: "document.quarantined",
  failed: "document.failed",
};

export interface EventBody {
  type: EventType;
  timestamp: string;
  data: Record<string, unknown>;
}

/** The webhook body for an upload that has just arrived in its status. */
export function documentBody(type: EventType, upload: UploadItem, timestamp: string): EventBody {
  const processing = upload.processing && {
    outcome: upload.processing.outcome,
    disarm: upload.processing.disarm,
    removed: upload.processing.removed,
    found: upload.processing.found,
    metadata: upload.processing.metadata,
    // Invoices and receipts: what was read from the document (see fields/fields.ts).
    fields: upload.processing.fields,
  };
  return {
    type,
    timestamp,
    data: {
      uploadId: upload.uploadId,
      ownerId: upload.ownerId,
      purpose: upload.purpose,
      status: upload.status,
      statusReason: upload.statusReason,
      filename: upload.filename,
      contentType: upload.contentType,
      sizeBytes: upload.sizeBytes,
      title: upload.title,
      author: upload.author,
      processing,
    },
  };
}
