// Which multipart upload a file belongs to, kept in local storage so a reloaded page can
// carry on once the user picks the same file again.
import type { MultipartTarget } from "./api";

export type KeyValueStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface Saved extends MultipartTarget {
  purpose: string;
  savedAt: string;
}

type FileIdentity = Pick<File, "name" | "size" | "lastModified">;

/** Name, size and modification time: the browser gives no stable id for a picked file. */
export function resumeKey(file: FileIdentity): string {
  return `intake:multipart:${JSON.stringify([file.name, file.size, file.lastModified])}`;
}

export function browserStorage(): KeyValueStorage | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined; // storage disabled: uploads still work, they just cannot resume after a reload
  }
}

export function load(storage: KeyValueStorage | undefined, file: FileIdentity): Saved | undefined {
  const raw = storage?.getItem(resumeKey(file));
  if (!raw) return undefined;
  try {
    const saved = JSON.parse(raw) as Saved;
    if (typeof saved.uploadId === "string" && saved.partSize > 0 && saved.partCount > 0) return saved;
  } catch {
    // unreadable: forget it below
  }
  storage?.removeItem(resumeKey(file));
  return undefined;
}

export function save(
  storage: KeyValueStorage | undefined,
  file: FileIdentity,
  purpose: string,
  target: MultipartTarget,
) {
  const saved: Saved = { ...target, purpose, savedAt: new Date().toISOString() };
  try {
    storage?.setItem(resumeKey(file), JSON.stringify(saved));
  } catch {
    // quota or privacy mode: resuming after a reload is a convenience
  }
}

export function forget(storage: KeyValueStorage | undefined, file: FileIdentity) {
  storage?.removeItem(resumeKey(file));
}
