// The retry schedule with the deployment's defaults: a quick first retry, waits that rise, a
// whole schedule longer than a day, and an end. The jitter's random source is injected.
import { delaySeconds, type Retry, shortestSpanSeconds } from "@intake/core/events/schedule";
import { unitSettings } from "@intake/testing/settings";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

const defaults: Retry = unitSettings().events.retry;

/** A random source that returns `values` in turn (each in [0, 1)). */
const sequence = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
};
const randoms = fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1 });

/** The waits between the attempts of one delivery. */
const waits = (retry: Retry, random: () => number) =>
  Array.from({ length: retry.maxAttempts - 1 }, (_, i) => delaySeconds(i + 1, retry, random));

describe("the retry schedule", () => {
  it("retries first within 30 seconds, whatever the jitter", () => {
    fc.assert(
      fc.property(randoms, (values) => {
        const first = delaySeconds(1, defaults, sequence(values));
        expect(first).toBeGreaterThan(0);
        expect(first).toBeLessThanOrEqual(30);
      }),
    );
  });

  it("waits longer after each failure until the longest wait, and never longer than that", () => {
    fc.assert(
      fc.property(randoms, (values) => {
        const all = waits(defaults, sequence(values));
        const capped = all.findIndex((_, i) => defaults.baseSeconds * 2 ** i >= defaults.maxSeconds);
        for (let i = 1; i <= capped; i++) expect(all[i]).toBeGreaterThan(all[i - 1] as number);
        for (const wait of all) expect(wait).toBeLessThanOrEqual(defaults.maxSeconds);
      }),
    );
  });

  it("keeps trying for more than 24 hours with the defaults, even when every jitter is the shortest", () => {
    expect(defaults.maxAttempts).toBe(21);
    expect(shortestSpanSeconds(defaults)).toBeGreaterThanOrEqual(24 * 3600);
    const shortest = waits(defaults, () => 0).reduce((a, b) => a + b, 0);
    expect(shortest).toBe(shortestSpanSeconds(defaults));
  });

  it("ends after the configured attempts: at most maxAttempts − 1 waits of at most the longest wait", () => {
    const short: Retry = { baseSeconds: 2, maxSeconds: 8, maxAttempts: 3 };
    const longest = waits(short, () => 0.999999);
    expect(longest).toEqual([2, 4]);
    expect(shortestSpanSeconds(short)).toBe(2 + 3);
    // An attempt number far past the schedule (a replayed delivery) still waits the longest wait at most.
    expect(delaySeconds(1000, defaults, () => 0.999999)).toBe(defaults.maxSeconds);
  });
});
