// The lifecycle: which status may follow which. Every transition is a conditional write.
import type { Status } from "./schema";

export const transitions: Record<Status, readonly Status[]> = {
  pending: ["received", "scanning", "expired", "aborted"],
  received: ["scanning"],
  scanning: ["ready", "in_review", "quarantined", "failed"],
  in_review: ["ready", "rejected"],
  ready: [],
  rejected: [],
  quarantined: [],
  failed: [],
  expired: [],
  aborted: [],
};

export function canMove(from: Status, to: Status): boolean {
  return transitions[from].includes(to);
}

/** Statuses in which the bytes may still be arriving. */
export const inFlight: readonly Status[] = ["pending", "received", "scanning"];
