// Domain errors become tRPC errors; every error carries `data.appCode` and `data.details`.
import type { AppCode } from "@intake/core/errors";
import { IntakeError } from "@intake/core/errors";
import { TRPCError } from "@trpc/server";

type Code = TRPCError["code"];

export const codeFor: Record<AppCode, Code> = {
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

function hasIssues(cause: unknown): cause is { issues: unknown[] } {
  return typeof cause === "object" && cause !== null && Array.isArray((cause as { issues?: unknown }).issues);
}

/** What the client sees of an error: its application code and details, never internals. */
export function describe(error: TRPCError): { appCode: string; details: Record<string, unknown>; message: string } {
  const cause = error.cause;
  if (cause instanceof IntakeError) return { appCode: cause.appCode, details: cause.details, message: cause.message };
  if (error.code === "BAD_REQUEST" && hasIssues(cause)) {
    return { appCode: "VALIDATION", details: { issues: cause.issues }, message: "Invalid input" };
  }
  if (error.code === "INTERNAL_SERVER_ERROR") {
    return { appCode: "INTERNAL_SERVER_ERROR", details: {}, message: "Internal server error" };
  }
  return { appCode: error.code, details: {}, message: error.message };
}
