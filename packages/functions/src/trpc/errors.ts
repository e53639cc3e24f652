// Domain errors become tRPC errors; every error carries `data.appCode` and `data.details`.
import { type DomainCode, type ErrorData, IntakeError, type Issue } from "@intake/core/errors";
import { Keys } from "@intake/core/keys";
import { describeError, log } from "@intake/core/log";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

type Code = TRPCError["code"];

export const codeFor: Record<DomainCode, Code> = {
  VALIDATION: "BAD_REQUEST",
  FILE_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_FILE_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  INVALID_STATE: "CONFLICT",
  ETAG_MISMATCH: "PRECONDITION_FAILED",
  SIZE_MISMATCH: "PRECONDITION_FAILED",
  OBJECT_MISSING: "PRECONDITION_FAILED",
  PARTS_MISMATCH: "PRECONDITION_FAILED",
  NOT_MULTIPART: "BAD_REQUEST",
};

export function toTRPCError(error: IntakeError): TRPCError {
  return new TRPCError({ code: codeFor[error.appCode], message: error.message, cause: error });
}

function hasIssues(cause: unknown): cause is { issues: Issue[] } {
  return typeof cause === "object" && cause !== null && Array.isArray((cause as { issues?: unknown }).issues);
}

/**
 * What the client sees of an error: its application code and details, never internals.
 * Domain errors and input that fails its schema say what is wrong; anything else tRPC
 * refused (no such procedure, a body it cannot read) is BAD_REQUEST with tRPC's message;
 * a fault is INTERNAL_SERVER_ERROR and says nothing more.
 */
export function describe(error: TRPCError): ErrorData & { message: string } {
  const cause = error.cause;
  if (cause instanceof IntakeError) return { ...cause.data(), message: cause.message };
  if (error.code === "BAD_REQUEST" && hasIssues(cause)) {
    return { appCode: "VALIDATION", details: { issues: cause.issues }, message: "Invalid input" };
  }
  // A body or `input` that is not JSON: tRPC passes on the parser's own words, which are not ours to show.
  if (error.code === "PARSE_ERROR" || error.cause instanceof SyntaxError) {
    return { appCode: "BAD_REQUEST", details: {}, message: "The request's input is not valid JSON" };
  }
  if (getHTTPStatusCodeFromError(error) < 500) return { appCode: "BAD_REQUEST", details: {}, message: error.message };
  return { appCode: "INTERNAL_SERVER_ERROR", details: {}, message: "Internal server error" };
}

/** The upload a call's input names, if any: every log line of the call carries it. */
export function uploadIdIn(input: unknown): string | undefined {
  const uploadId = typeof input === "object" && input !== null ? (input as { uploadId?: unknown }).uploadId : undefined;
  return typeof uploadId === "string" && Keys.isSafeSegment(uploadId) ? uploadId : undefined;
}

/** The adapters' onError: a fault is logged whole here, since the client is told nothing. */
export function logFault({ error, path, input }: { error: TRPCError; path?: string; input?: unknown }): void {
  if (getHTTPStatusCodeFromError(error) < 500) return;
  const cause = error.cause ?? error;
  log("error", "api: fault", {
    path,
    uploadId: uploadIdIn(input),
    error: describeError(cause),
    stack: cause instanceof Error ? cause.stack : undefined,
  });
}
