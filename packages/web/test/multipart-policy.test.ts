// The engine's pure parts: backoff, what is retried, progress figures, the resume record.
import { describe, expect, it } from "vitest";
import { ProgressMeter } from "../src/upload/progress";
import { forget, load, resumeKey, save } from "../src/upload/multipart/resume-store";
import { backoffMs, isRetryableStatus, withRetry } from "../src/upload/multipart/retry";

describe("retry policy", () => {
  const policy = { retries: 3, baseDelayMs: 100, maxDelayMs: 1000 };

  it("waits a random time below an exponentially growing, capped ceiling", () => {
    expect(backoffMs(0, { ...policy, random: () => 0.999 })).toBe(99);
    expect(backoffMs(3, { ...policy, random: () => 0.5 })).toBe(400);
    expect(backoffMs(10, { ...policy, random: () => 0.999 })).toBe(999);
    expect(backoffMs(2, { ...policy, random: () => 0 })).toBe(0);
  });

  it("retries timeouts, throttling and 5xx; never 400 or 403", () => {
    expect([408, 429, 500, 502, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 403, 404, 409].some(isRetryableStatus)).toBe(false);
  });

  it("gives up after the retries, or at once on an error that is not retryable", async () => {
    let calls = 0;
    const failing = () => Promise.reject(new Error(`try ${++calls}`));
    await expect(withRetry(failing, { ...policy, baseDelayMs: 1 }, () => true)).rejects.toThrow("try 4");
    calls = 0;
    await expect(withRetry(failing, policy, () => false)).rejects.toThrow("try 1");
  });
});

describe("progress", () => {
  it("reports bytes, percent, speed and time left over a sliding window", () => {
    let now = 0;
    const meter = new ProgressMeter(1000, () => now);
    expect(meter.restart(0)).toEqual({ loaded: 0, total: 1000, percent: 0 });
    now = 1000;
    expect(meter.update(100)).toEqual({ loaded: 100, total: 1000, percent: 10, bytesPerSecond: 100, secondsLeft: 9 });
    now = 2000;
    expect(meter.update(300)).toMatchObject({ percent: 30, bytesPerSecond: 150, secondsLeft: 5 });
  });

  it("does not count parts found already uploaded as speed", () => {
    let now = 0;
    const meter = new ProgressMeter(1000, () => now);
    expect(meter.restart(600)).toMatchObject({ loaded: 600, percent: 60 });
    now = 2000;
    expect(meter.update(800)).toMatchObject({ bytesPerSecond: 100, secondsLeft: 2 });
  });
});

describe("resume record", () => {
  it("is keyed by name, size and modification time", () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
    const file = { name: "big.pdf", size: 5, lastModified: 7 };
    save(storage, file, "statement", { uploadId: "upl_1", partSize: 8, partCount: 1 });
    expect(load(storage, file)).toMatchObject({ uploadId: "upl_1", purpose: "statement" });
    expect(load(storage, { ...file, lastModified: 8 })).toBeUndefined();
    expect(resumeKey(file)).not.toBe(resumeKey({ ...file, size: 6 }));
    items.set(resumeKey(file), "{not json");
    expect(load(storage, file)).toBeUndefined();
    expect(items.size).toBe(0);
    save(storage, file, "statement", { uploadId: "upl_1", partSize: 8, partCount: 1 });
    forget(storage, file);
    expect(items.size).toBe(0);
  });
});
