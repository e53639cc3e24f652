// When a failed delivery is tried again: the wait doubles from `baseSeconds` up to
// `maxSeconds`, jittered over the upper part of each step (above the previous step) so that
// retries of many deliveries spread out while each delivery's waits still rise (a full jitter
// from zero could shrink them). Once capped, the waits jitter over the upper half of the cap.

export interface Retry {
  baseSeconds: number;
  maxSeconds: number;
  maxAttempts: number;
}

const step = (attempt: number, retry: Retry) =>
  Math.min(retry.maxSeconds, retry.baseSeconds * 2 ** Math.min(attempt - 1, 40));

/** Seconds to wait after failed attempt number `attempt` (1 = the first). */
export function delaySeconds(attempt: number, retry: Retry, random = Math.random): number {
  const top = step(attempt, retry);
  const previous = attempt > 1 ? step(attempt - 1, retry) : top;
  // Below the cap the previous step is half this one; at the cap it can be more than half.
  const floor = previous < top ? previous : Math.floor(top / 2);
  return Math.min(top, floor + 1 + Math.floor(random() * (top - floor)));
}

/** The shortest time the whole schedule can take, from the first attempt to the last. */
export function shortestSpanSeconds(retry: Retry): number {
  let total = 0;
  for (let attempt = 1; attempt < retry.maxAttempts; attempt++) total += delaySeconds(attempt, retry, () => 0);
  return total;
}
