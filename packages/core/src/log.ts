// The one logger: a JSON line per event worth keeping, which CloudWatch and the local
// console both read well. Every line carries the request it belongs to and, once known,
// the upload: handlers set them with withLogContext, and everything below inherits them.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { logLevel } from "./settings";

type Level = "info" | "warn" | "error";
const rank: Record<Level, number> = { info: 0, warn: 1, error: 2 };

export interface LogContext {
  /** Lambda's awsRequestId, or one made for the request (the API returns it as x-request-id). */
  requestId?: string;
  uploadId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with these fields on every line logged inside it, added to those already set. */
export function withLogContext<R>(fields: LogContext, fn: () => R): R {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/** Runs a handler's work as one request: Lambda's request id, or a fresh one when run locally. */
export function withRequest<R>(awsRequestId: string | undefined, fn: () => R): R {
  return withLogContext({ requestId: awsRequestId ?? randomUUID() }, fn);
}

/** Lines below INTAKE_LOG_LEVEL (default info) are dropped: tests keep only warnings and errors. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (rank[level] < rank[logLevel()]) return;
  // A field given as undefined leaves the context's value (an upload id) in place.
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...storage.getStore(), ...given });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
