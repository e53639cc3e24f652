import { inFlight, type Status } from "@intake/core/upload/lifecycle";
import type { UploadStatus } from "../trpc";

/** How each status looks: a new status fails the build here until it has words and a colour. */
const badges = {
  pending: { label: "pending", tone: "info" },
  received: { label: "received", tone: "info" },
  scanning: { label: "scanning", tone: "info" },
  processing: { label: "processing", tone: "info" },
  in_review: { label: "in review", tone: "warn" },
  ready: { label: "ready", tone: "ok" },
  rejected: { label: "rejected", tone: "bad" },
  quarantined: { label: "quarantined", tone: "bad" },
  failed: { label: "failed", tone: "bad" },
  expired: { label: "expired", tone: "muted" },
  aborted: { label: "aborted", tone: "muted" },
} as const satisfies Record<Status, { label: string; tone: "info" | "warn" | "ok" | "bad" | "muted" }>;

/** The server is still moving it on its own: worth polling. */
export function isMoving(status: UploadStatus | undefined): boolean {
  return status !== undefined && (inFlight as readonly Status[]).includes(status);
}

export function statusTone(status: UploadStatus): string {
  return badges[status].tone;
}

export function statusLabel(status: UploadStatus): string {
  return badges[status].label;
}
