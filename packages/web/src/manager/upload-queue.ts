// One queue per tab owns every upload: it starts a few at a time, keeps each one's progress
// (never lower than shown before), pauses and resumes parts, and when the server says
// RATE_LIMITED it waits the seconds asked, counting down, and carries on by itself.
// A small external store: React reads it with useSyncExternalStore.
import type { MultipartUpload } from "../upload/multipart/multipart-upload";
import type { UploadProgress } from "../upload/progress";
import type { SendOptions, SendResult, UploadFields } from "../upload/send";
import { type Clock, systemClock } from "./clock";
import { retryAfterSeconds } from "./rate-limit";

export type EntryState = "queued" | "sending" | "pausing" | "paused" | "done" | "failed" | "cancelled";

export interface Entry {
  key: number;
  file: File;
  fields: UploadFields;
  state: EntryState;
  progress?: UploadProgress;
  uploadId?: string;
  result?: SendResult;
  error?: unknown;
  /** Multipart uploads only, once their parts are under way. */
  canPause: boolean;
}

export interface QueueSnapshot {
  /** Newest first. */
  entries: readonly Entry[];
  /** While the server's rate limit holds the queue: whole seconds left. */
  waitSeconds?: number;
}

export type Send = (file: File, fields: UploadFields, options: SendOptions) => Promise<SendResult>;

export interface QueueOptions {
  /** Uploads sent at once (default 3). */
  concurrency?: number;
  clock?: Clock;
  /** After each upload ends, whichever way. */
  onSettled?: (entry: Entry) => void;
}

interface Running {
  controller: AbortController;
  multipart?: MultipartUpload;
}

const active = (entry: Entry) => entry.state === "sending" || entry.state === "pausing";
const finished = (entry: Entry) => entry.state === "done" || entry.state === "cancelled";

export class UploadQueue {
  #entries: Entry[] = [];
  #snapshot: QueueSnapshot = { entries: [] };
  readonly #running = new Map<number, Running>();
  readonly #listeners = new Set<() => void>();
  #nextKey = 0;
  #waitUntil?: number;
  #timer?: unknown;
  readonly #concurrency: number;
  readonly #clock: Clock;

  constructor(
    private readonly send: Send,
    private readonly options: QueueOptions = {},
  ) {
    this.#concurrency = options.concurrency ?? 3;
    this.#clock = options.clock ?? systemClock;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): QueueSnapshot => this.#snapshot;

  /** Bytes are on their way (not queued, paused or waiting out a rate limit). */
  get bytesMoving(): boolean {
    return this.#entries.some(active);
  }

  add(files: readonly File[], fields: UploadFields): number[] {
    const added = files.map((file) => ({
      key: this.#nextKey++,
      file,
      fields,
      state: "queued" as const,
      canPause: false,
    }));
    this.#entries = [...added.reverse(), ...this.#entries];
    this.#pump();
    return added.map((entry) => entry.key).reverse();
  }

  pause(key: number) {
    const multipart = this.#running.get(key)?.multipart;
    if (!multipart || this.#entry(key)?.state !== "sending") return;
    this.#update(key, { state: "pausing" });
    multipart.pause(); // settles at once when no part is in flight
  }

  resume(key: number) {
    const multipart = this.#running.get(key)?.multipart;
    const state = this.#entry(key)?.state;
    if (!multipart || (state !== "paused" && state !== "pausing")) return;
    this.#update(key, { state: "sending" });
    multipart.resume();
  }

  cancel(key: number) {
    const entry = this.#entry(key);
    if (!entry || finished(entry) || entry.state === "failed") return;
    const running = this.#running.get(key);
    if (running) running.controller.abort();
    else this.#update(key, { state: "cancelled" });
  }

  retry(key: number) {
    if (this.#entry(key)?.state !== "failed") return;
    this.#update(key, { state: "queued", error: undefined });
    this.#pump();
  }

  retryAll() {
    for (const entry of this.#entries) {
      if (entry.state === "failed") this.#update(entry.key, { state: "queued", error: undefined });
    }
    this.#pump();
  }

  clearFinished() {
    this.#entries = this.#entries.filter((entry) => !finished(entry));
    this.#emit();
  }

  #entry(key: number) {
    return this.#entries.find((entry) => entry.key === key);
  }

  #update(key: number, change: Partial<Entry>) {
    this.#entries = this.#entries.map((entry) => (entry.key === key ? { ...entry, ...change } : entry));
    this.#emit();
  }

  #emit() {
    const waitSeconds =
      this.#waitUntil === undefined ? undefined : Math.max(0, Math.ceil((this.#waitUntil - this.#clock.now()) / 1000));
    this.#snapshot = { entries: this.#entries, waitSeconds };
    for (const listener of this.#listeners) listener();
  }

  /** Starts the oldest queued uploads while there is room and no rate limit to wait out. */
  #pump() {
    if (this.#waitUntil !== undefined) return;
    let room = this.#concurrency - this.#entries.filter(active).length;
    for (let i = this.#entries.length - 1; i >= 0 && room > 0; i--) {
      const entry = this.#entries[i]!;
      if (entry.state !== "queued") continue;
      room--;
      this.#start(entry);
    }
  }

  #start(entry: Entry) {
    const { key } = entry;
    const running: Running = { controller: new AbortController() };
    this.#running.set(key, running);
    this.#update(key, { state: "sending", progress: undefined, canPause: false });
    this.send(entry.file, entry.fields, {
      signal: running.controller.signal,
      onInitiated: (uploadId) => this.#update(key, { uploadId }),
      onMultipart: (upload) => {
        running.multipart = upload;
        this.#update(key, { canPause: true });
      },
      onPauseSettled: () => {
        if (this.#entry(key)?.state === "pausing") this.#update(key, { state: "paused" });
      },
      onProgress: (progress) => {
        const shown = this.#entry(key)?.progress;
        // The bar never goes back: a part or PUT sent again counts from where it had got to.
        if (shown && progress.loaded < shown.loaded) return;
        this.#update(key, { progress });
      },
    })
      .then((result) => this.#update(key, { state: "done", result }))
      .catch((error: unknown) => {
        const wait = retryAfterSeconds(error);
        if (running.controller.signal.aborted) this.#update(key, { state: "cancelled" });
        else if (wait !== undefined) {
          this.#update(key, { state: "queued", progress: undefined });
          this.#waitFor(wait);
        } else this.#update(key, { state: "failed", error });
      })
      .finally(() => {
        this.#running.delete(key);
        const settled = this.#entry(key);
        if (settled && settled.state !== "queued") this.options.onSettled?.(settled);
        this.#pump();
      });
  }

  /** Holds back new uploads for `seconds`, counting down each second; those under way go on. */
  #waitFor(seconds: number) {
    const until = this.#clock.now() + seconds * 1000;
    this.#waitUntil = Math.max(this.#waitUntil ?? 0, until);
    if (this.#timer === undefined) this.#tick();
    else this.#emit();
  }

  #tick() {
    const left = (this.#waitUntil ?? 0) - this.#clock.now();
    if (left <= 0) {
      this.#timer = undefined;
      this.#waitUntil = undefined;
      this.#emit();
      this.#pump();
      return;
    }
    this.#emit();
    this.#timer = this.#clock.setTimeout(() => this.#tick(), Math.min(1000, left % 1000 || 1000));
  }
}
