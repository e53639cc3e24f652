import { inFlight, type Status } from "@intake/core/upload/lifecycle";
import type { UploadInfo, UploadStatus } from "../trpc";

export type Tone = "info" | "wait" | "warn" | "ok" | "bad" | "muted";
/** One shape per meaning, so a status reads without its colour too. */
export type Icon = "clock" | "scan" | "gear" | "hourglass" | "check" | "cross" | "shield" | "alert" | "dash";

interface Look {
  /** Short, for filters and tabs. */
  label: string;
  /** What it means for the person, for badges. */
  words: string;
  tone: Tone;
  icon: Icon;
}

/** How each status looks: a new status fails the build here until it has words, a colour and an icon. */
const looks = {
  pending: { label: "Uploading", words: "Uploading", tone: "info", icon: "clock" },
  received: { label: "Received", words: "Received, waiting to be checked", tone: "info", icon: "clock" },
  scanning: { label: "Checking", words: "Checking for viruses…", tone: "info", icon: "scan" },
  processing: { label: "Preparing", words: "Checking what is inside…", tone: "info", icon: "gear" },
  in_review: { label: "In review", words: "Waiting for approval", tone: "wait", icon: "hourglass" },
  ready: { label: "Ready", words: "Ready", tone: "ok", icon: "check" },
  rejected: { label: "Rejected", words: "Rejected by a reviewer", tone: "bad", icon: "cross" },
  quarantined: { label: "Blocked", words: "Blocked", tone: "bad", icon: "shield" },
  failed: { label: "Failed", words: "Could not be checked", tone: "warn", icon: "alert" },
  expired: { label: "Expired", words: "Expired: the file never arrived", tone: "muted", icon: "dash" },
  aborted: { label: "Cancelled", words: "Cancelled", tone: "muted", icon: "dash" },
} as const satisfies Record<Status, Look>;

/** Why a file was blocked, as the badge says it. */
const blockedWords: Record<string, string> = {
  VIRUS_DETECTED: "Blocked: contains a virus",
  TYPE_MISMATCH: "Blocked: not the type it claims to be",
  FORBIDDEN_TYPE: "Blocked: a kind of file never accepted",
  UNSCANNABLE: "Blocked: could not be checked inside",
  ACTIVE_CONTENT: "Blocked: contains something that runs",
  MALFORMED: "Blocked: the file is damaged",
};

/** The server is still moving it on its own: worth polling. */
export function isMoving(status: UploadStatus | undefined): boolean {
  return status !== undefined && (inFlight as readonly Status[]).includes(status);
}

export function statusTone(status: UploadStatus): Tone {
  return looks[status].tone;
}

export function statusIcon(status: UploadStatus): Icon {
  return looks[status].icon;
}

export function statusLabel(status: UploadStatus): string {
  return looks[status].label;
}

/** The badge's words: the status, and for a blocked or failed file, why in short. */
export function statusWords(upload: Pick<UploadInfo, "status" | "statusReason">): string {
  const reason = upload.statusReason ?? "";
  if (upload.status === "quarantined") return blockedWords[reason] ?? looks.quarantined.words;
  if (upload.status === "failed" && reason === "PROCESSING_FAILED") return "Could not be processed";
  return looks[upload.status].words;
}
