// One uploader's turns at clamd within this process. A file's scan costs clamd CPU as long as
// it inflates (a zip bomb takes a whole core for seconds), so an owner may have at most
// INTAKE_SCAN_CLAMD_PER_OWNER files in clamd at once: local mode sets it to all cores but one,
// so one user's bombs always leave a core to everybody else. Only the clamd read waits its
// turn; the rest of a record (the table, the copy out of staging) runs alongside.
import { type SemaphoreInterface, Semaphore, withTimeout } from "async-mutex";
import { settings } from "../settings";
import { ScanFault } from "./fault";

interface Turns {
  semaphore: SemaphoreInterface;
  users: number;
}

const owners = new Map<string, Turns>();

/** Runs `read` once fewer than the owner's limit of their files are in clamd in this process. */
export async function inTurn<T>(ownerId: string, read: () => Promise<T>): Promise<T> {
  const { table, scan } = settings();
  const { clamdPerOwner, visibilityTimeoutSeconds } = scan;
  if (!clamdPerOwner) return read();
  const key = `${table}/${ownerId}`; // two stacks in one process (tests) keep their own turns
  // Waiting past half the visibility timeout would let the queue deliver the record again.
  const waitMs = (visibilityTimeoutSeconds * 1000) / 2;
  const turns = owners.get(key) ?? {
    semaphore: withTimeout(
      new Semaphore(clamdPerOwner),
      waitMs,
      new ScanFault(`waited ${waitMs / 1000} s for the uploader's other files in clamd`),
    ),
    users: 0,
  };
  owners.set(key, turns);
  turns.users++;
  try {
    return await turns.semaphore.runExclusive(read);
  } finally {
    if (--turns.users === 0) owners.delete(key);
  }
}
