// The tab's upload queue with a hand-moved clock: how many start at once, the rate-limit
// wait it counts down and ends by itself, and progress that never goes back. `send` stands in
// for the network (the browser tests send for real); the refusal is tRPC's own error class.
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import type { Clock } from "../src/manager/clock";
import { summaryText, totals } from "../src/manager/summary";
import { type Send, UploadQueue } from "../src/manager/upload-queue";
import type { SendOptions, SendResult } from "../src/upload/send";

class HandClock implements Clock {
  at = 0;
  #timers: Array<{ due: number; run: () => void; id: number }> = [];
  #ids = 0;
  now = () => this.at;
  setTimeout = (run: () => void, ms: number) => {
    const id = ++this.#ids;
    this.#timers.push({ due: this.at + ms, run, id });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.#timers = this.#timers.filter((timer) => timer.id !== id);
  };
  /** Moves time on, running each timer that falls due on the way. */
  advance(ms: number) {
    const end = this.at + ms;
    for (;;) {
      const next = this.#timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.at = next.due;
      next.run();
    }
    this.at = end;
  }
}

interface Call {
  file: File;
  options: SendOptions;
  resolve: (result: SendResult) => void;
  reject: (error: unknown) => void;
}

/** Every send waits until the test settles it. */
function held() {
  const calls: Call[] = [];
  const send: Send = (file, _fields, options) =>
    new Promise((resolve, reject) => calls.push({ file, options, resolve, reject }));
  return { send, calls };
}

const fileOf = (name: string, size = 1000) => new File([new Uint8Array(size)], name, { type: "application/pdf" });
const files = (n: number) => Array.from({ length: n }, (_, i) => fileOf(`invoice-${i + 1}.pdf`));
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const rateLimited = (retryAfterSeconds: number) =>
  TRPCClientError.from({
    error: {
      message: `Too many requests: try again in ${retryAfterSeconds} s`,
      code: -32029,
      data: { appCode: "RATE_LIMITED", details: { retryAfterSeconds, limit: 10 }, httpStatus: 429 },
    },
  });

describe("upload queue", () => {
  it("sends three at a time, oldest first, and starts the next as one ends", async () => {
    const { send, calls } = held();
    const queue = new UploadQueue(send, { clock: new HandClock() });
    queue.add(files(5), { purpose: "invoice" });
    expect(calls.map((c) => c.file.name)).toEqual(["invoice-1.pdf", "invoice-2.pdf", "invoice-3.pdf"]);
    expect(queue.getSnapshot().entries.map((e) => e.state)).toEqual([
      "queued",
      "queued",
      "sending",
      "sending",
      "sending",
    ]);
    expect(queue.bytesMoving).toBe(true);

    calls[0]!.resolve({ uploadId: "u1", status: "received" });
    await settle();
    expect(calls.map((c) => c.file.name)).toHaveLength(4);
    expect(calls[3]!.file.name).toBe("invoice-4.pdf");
  });

  it("waits out RATE_LIMITED with a countdown, then carries on by itself", async () => {
    const clock = new HandClock();
    const { send, calls } = held();
    const queue = new UploadQueue(send, { clock, concurrency: 2 });
    queue.add(files(3), { purpose: "invoice" });
    calls[0]!.resolve({ uploadId: "u1", status: "received" });
    await settle();
    expect(calls).toHaveLength(3);
    // Both refused files go back in line; nothing new starts while the limit holds.
    calls[1]!.reject(rateLimited(3));
    calls[2]!.reject(rateLimited(3));
    await settle();
    expect(queue.getSnapshot().waitSeconds).toBe(3);
    expect(queue.getSnapshot().entries.filter((e) => e.state === "queued")).toHaveLength(2);
    expect(queue.bytesMoving).toBe(false);

    clock.advance(1000);
    expect(queue.getSnapshot().waitSeconds).toBe(2);
    clock.advance(1000);
    expect(queue.getSnapshot().waitSeconds).toBe(1);
    expect(calls).toHaveLength(3);
    clock.advance(1000);
    expect(queue.getSnapshot().waitSeconds).toBeUndefined();
    expect(calls.slice(3).map((c) => c.file.name)).toEqual(["invoice-2.pdf", "invoice-3.pdf"]);

    calls[3]!.resolve({ uploadId: "u2", status: "received" });
    calls[4]!.resolve({ uploadId: "u3", status: "received" });
    await settle();
    expect(queue.getSnapshot().entries.every((e) => e.state === "done")).toBe(true);
    expect(summaryText(totals(queue.getSnapshot().entries))).toBe("3 of 3 · 2.9 KB of 2.9 KB");
  });

  it("never shows less progress than before, and sums the queue in one line", async () => {
    const { send, calls } = held();
    const queue = new UploadQueue(send, { clock: new HandClock() });
    queue.add([fileOf("a.pdf", 4096), fileOf("b.pdf", 4096)], { purpose: "invoice" });
    const report = (call: Call, loaded: number, bytesPerSecond?: number) =>
      call.options.onProgress?.({ loaded, total: 4096, percent: Math.floor((loaded / 4096) * 100), bytesPerSecond });
    report(calls[0]!, 2048, 1024);
    report(calls[0]!, 1024, 1024); // the same bytes sent again after a network error
    report(calls[1]!, 1024, 1024);
    const [b, a] = queue.getSnapshot().entries;
    expect(a!.progress?.loaded).toBe(2048);
    expect(b!.progress?.loaded).toBe(1024);
    expect(summaryText(totals(queue.getSnapshot().entries))).toBe("0 of 2 · 3.0 KB of 8.0 KB · 3 s left");
  });

  it("a failed upload waits for Retry (or Retry all); Clear finished keeps what is not finished", async () => {
    const { send, calls } = held();
    const queue = new UploadQueue(send, { clock: new HandClock() });
    queue.add(files(3), { purpose: "invoice" });
    calls[0]!.reject(new Error("Storage refused the upload (HTTP 400)."));
    calls[1]!.reject(new Error("Storage refused the upload (HTTP 400)."));
    calls[2]!.resolve({ uploadId: "u3", status: "received" });
    await settle();
    expect(calls).toHaveLength(3);
    queue.clearFinished();
    expect(queue.getSnapshot().entries.map((e) => e.state)).toEqual(["failed", "failed"]);
    queue.retryAll();
    expect(calls).toHaveLength(5);
    expect(queue.getSnapshot().entries.map((e) => e.state)).toEqual(["sending", "sending"]);
  });
});
