// Local mode's schedule: runs the sweeper handler every interval (EventBridge does on AWS).
import { describeError, log } from "@intake/core/log";

export interface SweeperLoop {
  stop(): Promise<void>;
}

export function startSweeper(options: { run: () => Promise<unknown>; intervalMs: number }): SweeperLoop {
  let current: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    current = options
      .run()
      .catch((error) => log("error", "sweeper: fault", { error: describeError(error) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  };
  let timer = setTimeout(tick, options.intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
