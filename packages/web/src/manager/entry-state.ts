import type { Entry } from "./upload-queue";

/** What the progress line says instead of speed, for states that are not plain sending. */
export function stateWords(entry: Entry, waitSeconds: number | undefined): string | undefined {
  switch (entry.state) {
    case "queued":
      return waitSeconds !== undefined ? `Waiting ${waitSeconds} s (upload limit)` : "Waiting to start";
    case "pausing":
      return "Pausing: finishing the parts on their way";
    case "cancelled":
      return "Cancelled";
    default:
      return undefined;
  }
}
