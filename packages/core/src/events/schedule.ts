// When a failed delivery is tried again: the wait doubles from `baseSeconds` up to
// `maxSeconds`, jittered over the upper half of each step so that retries of many deliveries
// spread out while each delivery's waits still rise (a full jitter from zero could shrink them).

export interface Retry {
  baseSeconds: number;
  maxSeconds: number;
  maxAttempts: number;
}

/** Seconds to wait after failed attempt number `attempt` (1 = the first). */
export function delaySeconds(attempt: number, retry: Retry, random = Math.random): number {
  const step = Math.min(retry.maxSeconds, retry.baseSeconds * 2 ** Math.min(attempt - 1, 40));
  const half = Math.floor(step / 2);
  return Math.min(step, half + 1 + Math.floor(random() * (step - half)));
}

/** The shortest time the whole schedule can take, from the first attempt to the last. */
export function shortestSpanSeconds(retry: Retry): number {
  let total = 0;
  for (let attempt = 1; attempt < retry.maxAttempts; attempt++) total += delaySeconds(attempt, retry, () => 0);
  return total;
}
