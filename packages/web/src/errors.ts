// One readable sentence for anything a request can throw: tRPC errors carry a typed
// `data.appCode` and `data.details`; storage and network failures are plain Errors.
import type { AppCode, Details, ErrorData, Issue } from "@intake/core/errors";
import { isTRPCClientError } from "@trpc/client";
import type { AppRouter } from "@intake/functions/trpc/router";
import { fileProblemText } from "./upload/file-problem";

/** The application code and details of an API refusal; undefined for anything else. */
export function errorData(error: unknown): ErrorData | undefined {
  return isTRPCClientError<AppRouter>(error) ? (error.data ?? undefined) : undefined;
}

function issuesText(issues: Issue[]): string | undefined {
  if (issues.length === 0) return undefined;
  const where = (issue: Issue) => (issue.path.length ? `${issue.path.map(String).join(".")}: ` : "");
  return issues.map((issue) => `${where(issue)}${issue.message}`).join("; ");
}

const mismatch = "The stored file does not match what was sent. Please upload it again.";

/** A sentence per code: a code without one fails the build. `message` is the server's own. */
const messages: { [C in AppCode]: (details: Details[C], message: string) => string } = {
  VALIDATION: ({ issues }, message) => `Please check the form — ${issuesText(issues) ?? message}`,
  FILE_TOO_LARGE: ({ maximum }) => fileProblemText({ code: "FILE_TOO_LARGE", maximum }),
  UNSUPPORTED_FILE_TYPE: ({ supported }) =>
    supported.length > 0
      ? fileProblemText({ code: "UNSUPPORTED_FILE_TYPE", supported })
      : "This file type is not accepted here.",
  RATE_LIMITED: ({ retryAfterSeconds }) => `Too many uploads. Try again in ${Math.ceil(retryAfterSeconds)} s.`,
  UNAUTHORIZED: () => "Your session has expired. Please sign in again.",
  FORBIDDEN: () => "You are not allowed to do that.",
  NOT_FOUND: () => "That upload does not exist.",
  INVALID_STATE: ({ status }) => `That upload is already ${status}.`,
  ETAG_MISMATCH: () => mismatch,
  SIZE_MISMATCH: () => mismatch,
  PARTS_MISMATCH: () => "Some parts of the file did not arrive intact. Pick the file again to resume the upload.",
  NOT_MULTIPART: () => "That upload is not sent in parts.",
  OBJECT_MISSING: () => "The file never reached storage. Please upload it again.",
  BAD_REQUEST: (_, message) => `The server could not read this request (${message}). Reloading the page may help.`,
  INTERNAL_SERVER_ERROR: () => "Something went wrong on the server. Please try again.",
};

function sentence<C extends AppCode>(data: { appCode: C; details: Details[C] }, message: string): string {
  return messages[data.appCode](data.details, message);
}

/** The person cancelled it: nothing went wrong, so it is shown as "Cancelled", not as an error. */
export const isCancelled = (error: unknown) => error instanceof DOMException && error.name === "AbortError";

export function errorMessage(error: unknown): string {
  if (isCancelled(error)) return "Upload cancelled.";
  if (!isTRPCClientError(error)) return error instanceof Error ? error.message : String(error);
  const data = errorData(error);
  // No data at all: the request never got a tRPC answer.
  if (!data) return `Cannot reach the server (${error.message}).`;
  return sentence(data, error.message);
}
