// The event a status change writes beside itself, in the same transaction.
import { randomUUID } from "node:crypto";
import { Keys } from "../keys";
import type { UploadItem } from "../upload/upload.entity";
import { documentBody, eventOf } from "./types";

/** Events stay in the table this long (the stream has long carried them by then). */
const keepSeconds = 30 * 24 * 60 * 60;

/** The outbox item for `upload` having arrived in its status; undefined for statuses without an event. */
export function eventFor(upload: UploadItem, now = new Date()) {
  const type = eventOf[upload.status];
  if (!type) return undefined;
  const occurredAt = now.toISOString();
  return {
    eventId: `evt_${randomUUID().replaceAll("-", "")}`,
    type,
    uploadId: upload.uploadId,
    occurredAt,
    body: JSON.stringify(documentBody(type, upload, occurredAt)),
    alert: type === "document.quarantined" ? JSON.stringify(alertDetails(upload)) : undefined,
    ttl: Math.floor(now.getTime() / 1000) + keepSeconds,
  };
}

function alertDetails(upload: UploadItem) {
  return {
    reason: upload.statusReason,
    signatures: upload.signatures,
    detectedType: upload.detectedType,
    quarantineKey: Keys.quarantine(upload.ownerId, upload.uploadId, upload.contentType),
  };
}
