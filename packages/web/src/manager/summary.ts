// The queue in one line: "3 of 12 · 48 MB of 120 MB · 1 min left".
import { formatBytes } from "../format";
import { formatSecondsLeft } from "../upload/progress";
import type { Entry } from "./upload-queue";

export interface Totals {
  done: number;
  count: number;
  sentBytes: number;
  totalBytes: number;
  /** From the speed of the uploads under way; undefined until there is one to go by. */
  secondsLeft?: number;
}

export function totals(entries: readonly Entry[]): Totals {
  const counted = entries.filter((entry) => entry.state !== "cancelled");
  const totalBytes = counted.reduce((sum, entry) => sum + entry.file.size, 0);
  const sentBytes = counted.reduce(
    (sum, entry) => sum + (entry.state === "done" ? entry.file.size : (entry.progress?.loaded ?? 0)),
    0,
  );
  const speed = counted
    .filter((entry) => entry.state === "sending")
    .reduce((sum, entry) => sum + (entry.progress?.bytesPerSecond ?? 0), 0);
  return {
    done: counted.filter((entry) => entry.state === "done").length,
    count: counted.length,
    sentBytes,
    totalBytes,
    secondsLeft: speed > 0 && sentBytes < totalBytes ? Math.ceil((totalBytes - sentBytes) / speed) : undefined,
  };
}

export function summaryText(t: Totals): string {
  const parts = [`${t.done} of ${t.count}`, `${formatBytes(t.sentBytes)} of ${formatBytes(t.totalBytes)}`];
  if (t.secondsLeft !== undefined) parts.push(`${formatSecondsLeft(t.secondsLeft)} left`);
  return parts.join(" · ");
}
