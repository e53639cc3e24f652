// One JSON line per event worth keeping: what CloudWatch and the local console both read well.
import { logLevel } from "./settings";

type Level = "info" | "warn" | "error";
const rank: Record<Level, number> = { info: 0, warn: 1, error: 2 };

/** Lines below INTAKE_LOG_LEVEL (default info) are dropped: tests keep only warnings and errors. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (rank[level] < rank[logLevel()]) return;
  const line = JSON.stringify({ level, message, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
