// The upload lifecycle in one place: the statuses, which may follow which, what each
// status means to the scanner, the sweeper and the people involved, and who may do what.
// Plain TypeScript: the SPA imports it too, so it never restates these rules.
export * as Lifecycle from "./lifecycle";

import type { Name as PurposeName } from "../purpose";

export const statuses = [
  "pending",
  "received",
  "scanning",
  "processing",
  "in_review",
  "ready",
  "rejected",
  "quarantined",
  "failed",
  "expired",
  "aborted",
] as const;
export type Status = (typeof statuses)[number];

/** Which status may follow which. Every move is a conditional write on the current status. */
export const transitions = {
  pending: ["received", "scanning", "expired", "aborted"],
  received: ["scanning"],
  scanning: ["processing", "quarantined", "failed"],
  processing: ["ready", "in_review", "quarantined", "failed"],
  in_review: ["ready", "rejected"],
  ready: [],
  rejected: [],
  quarantined: [],
  // Only a fault's failure is retried (see `recovery`): content verdicts stay final.
  failed: ["received", "processing"],
  expired: [],
  aborted: [],
} as const satisfies Record<Status, readonly Status[]>;

export function canMove(from: Status, to: Status): boolean {
  return (transitions[from] as readonly Status[]).includes(to);
}

interface Traits {
  /** The bytes: still arriving, all in, or never coming (confirm refuses those). */
  bytes: "arriving" | "complete" | "abandoned";
  /** The server will still move it without anyone acting: worth polling. */
  moving: boolean;
  /**
   * What a scan event for the staged object does: `scan` begins scanning, `count` counts
   * another attempt, `discard` deletes a late leftover, `keep` leaves it for the bucket's expiry.
   */
  staged: "scan" | "count" | "discard" | "keep";
  /**
   * What the sweeper does with an upload sitting in this status: expire it past its deadline,
   * queue its scan (`rescan`) or its processing (`reprocess`) again, or retry a stage that
   * failed on a fault once the stage is healthy (`recover`).
   */
  sweep: "expire" | "rescan" | "reprocess" | "recover" | "none";
  /** Who may download the file: `published` is its owner and admins, and anyone signed in for a library purpose. */
  download: "nobody" | "admins" | "published";
  /** Its owner may abort it. */
  abortable: boolean;
  /** An admin may approve or reject it. */
  reviewable: boolean;
  /** An admin may delete it for good: its stored bytes and its record. */
  purgeable: boolean;
}

/** Every status's traits: adding a status fails the build here until each is decided. */
export const traits = {
  pending: {
    bytes: "arriving",
    moving: true,
    staged: "scan",
    sweep: "expire",
    download: "nobody",
    abortable: true,
    reviewable: false,
    purgeable: false,
  },
  received: {
    bytes: "complete",
    moving: true,
    staged: "scan",
    sweep: "rescan",
    download: "nobody",
    abortable: false,
    reviewable: false,
    purgeable: false,
  },
  scanning: {
    bytes: "complete",
    moving: true,
    staged: "count",
    sweep: "rescan",
    download: "nobody",
    abortable: false,
    reviewable: false,
    purgeable: false,
  },
  processing: {
    bytes: "complete",
    moving: true,
    staged: "discard",
    sweep: "reprocess",
    download: "nobody",
    abortable: false,
    reviewable: false,
    purgeable: false,
  },
  in_review: {
    bytes: "complete",
    moving: false,
    staged: "discard",
    sweep: "none",
    download: "admins",
    abortable: false,
    reviewable: true,
    purgeable: false,
  },
  ready: {
    bytes: "complete",
    moving: false,
    staged: "discard",
    sweep: "none",
    download: "published",
    abortable: false,
    reviewable: false,
    purgeable: false,
  },
  rejected: {
    bytes: "complete",
    moving: false,
    staged: "discard",
    sweep: "none",
    download: "nobody",
    abortable: false,
    reviewable: false,
    purgeable: false,
  },
  quarantined: {
    bytes: "complete",
    moving: false,
    staged: "discard",
    sweep: "none",
    download: "nobody",
    abortable: false,
    reviewable: false,
    purgeable: true,
  },
  failed: {
    bytes: "complete",
    moving: false,
    staged: "keep",
    sweep: "recover",
    download: "nobody",
    abortable: false,
    reviewable: false,
    purgeable: true,
  },
  expired: {
    bytes: "abandoned",
    moving: false,
    staged: "discard",
    sweep: "none",
    download: "nobody",
    abortable: false,
    reviewable: false,
    purgeable: false,
  },
  aborted: {
    bytes: "abandoned",
    moving: false,
    staged: "discard",
    sweep: "none",
    download: "nobody",
    abortable: false,
    reviewable: false,
    purgeable: false,
  },
} as const satisfies Record<Status, Traits>;

type StatusesWhere<K extends keyof Traits, V> = {
  [S in Status]: (typeof traits)[S][K] extends V ? S : never;
}[Status];

function where<K extends keyof Traits, V extends Traits[K]>(key: K, value: V): readonly StatusesWhere<K, V>[] {
  return statuses.filter((status) => traits[status][key] === value) as StatusesWhere<K, V>[];
}

/** The server is still moving these: the bytes are arriving, being scanned or processed. */
export const inFlight = where("moving", true);
/** No status follows these. */
export const final = statuses.filter((status) => transitions[status].length === 0);
/** The sweeper retries uploads in these that failed on a fault, once the stage is healthy. */
export const recoverable = where("sweep", "recover");

/**
 * Where a `failed` upload goes to be tried again: a scan fault back to `received` (its staged
 * object is scanned again), a processing fault back to `processing`. Undefined for anything
 * else: every other status, and reasons that are not faults.
 */
export function recovery(upload: { status: Status; statusReason?: string }): "received" | "processing" | undefined {
  if (upload.status !== "failed") return undefined;
  if (upload.statusReason === "SCAN_FAILED") return "received";
  if (upload.statusReason === "PROCESSING_FAILED") return "processing";
  return undefined;
}
/** A scan may begin from these (the S3 event may arrive before the client confirms). */
export const scannable = where("staged", "scan");
/** The sweeper expires uploads that sit in these past their deadline. */
export const expirable = where("sweep", "expire");
/** The sweeper re-queues the scan of uploads that sit in these past the scan queue's visibility window. */
export const rescannable = where("sweep", "rescan");
/** The sweeper re-queues the processing of uploads that sit in these past the processing queue's window. */
export const reprocessable = where("sweep", "reprocess");
/** An admin may delete these for good. */
export const purgeable = where("purgeable", true);
/** Waiting for an admin's decision. */
export const reviewable = where("reviewable", true);
/** Stored in production, so someone may download them. */
export const downloadable = statuses.filter((status) => traits[status].download !== "nobody");

/** Purposes whose `published` files are the library: readable by anyone signed in. */
export const libraryPurposes = ["book"] as const satisfies readonly PurposeName[];

export function isLibrary(upload: { purpose: PurposeName; status: Status }): boolean {
  return (
    traits[upload.status].download === "published" &&
    (libraryPurposes as readonly PurposeName[]).includes(upload.purpose)
  );
}

/** The signed-in person asking. */
export interface Viewer {
  userId: string;
  isAdmin: boolean;
}

export interface Can {
  download: boolean;
  abort: boolean;
  approve: boolean;
  reject: boolean;
  /** Delete for good (admins: quarantined and failed uploads). */
  purge: boolean;
  /** Send an upload that failed on a fault back to its scan or processing (admins). */
  retry: boolean;
}

export interface Access {
  /** They may see the upload at all (its owner, or an admin); anyone else learns nothing of it. */
  visible: boolean;
  can: Can;
}

/**
 * What this viewer may do with this upload now. Downloads: `ready` files to their owner
 * and admins, `ready` books (the library) to anyone signed in, `in_review` to admins only.
 */
export function access(
  upload: { ownerId: string; purpose: PurposeName; status: Status; statusReason?: string },
  viewer: Viewer,
): Access {
  const owner = upload.ownerId === viewer.userId;
  const status = traits[upload.status];
  const download =
    status.download === "published"
      ? owner || viewer.isAdmin || isLibrary(upload)
      : status.download === "admins" && viewer.isAdmin;
  const review = status.reviewable && viewer.isAdmin;
  return {
    visible: owner || viewer.isAdmin,
    can: {
      download,
      abort: owner && status.abortable,
      approve: review,
      reject: review,
      purge: status.purgeable && viewer.isAdmin,
      retry: viewer.isAdmin && recovery(upload) !== undefined,
    },
  };
}
