import type { UploadStatus } from "../trpc";

/** Statuses the server will still move on its own: worth polling. */
const moving: ReadonlySet<string> = new Set(["pending", "received", "scanning"]);

export function isMoving(status: UploadStatus | undefined): boolean {
  return status !== undefined && moving.has(status);
}

const tones: Record<string, "info" | "warn" | "ok" | "bad" | "muted"> = {
  pending: "info",
  received: "info",
  scanning: "info",
  in_review: "warn",
  ready: "ok",
  rejected: "bad",
  quarantined: "bad",
  failed: "bad",
  expired: "muted",
  aborted: "muted",
};

export function statusTone(status: UploadStatus): string {
  return tones[status] ?? "muted";
}

export function statusLabel(status: UploadStatus): string {
  return status.replace(/_/g, " ");
}

/** Statuses whose file an admin may download (see upload.download): in review, and ready. */
export function adminMayDownload(status: UploadStatus): boolean {
  return status === "in_review" || status === "ready";
}
