// One readable sentence for anything a request can throw: tRPC errors carry
// `data.appCode` and `data.details`; storage and network failures are plain Errors.
import { isTRPCClientError } from "@trpc/client";
import { fileProblemText } from "./upload/file-problem";

interface ErrorData {
  code?: string;
  appCode?: string;
  details?: Record<string, unknown>;
}

interface Issue {
  path?: readonly (string | number)[];
  message?: string;
}

function issuesText(issues: unknown): string | undefined {
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  return (issues as Issue[])
    .map((issue) => (issue.path?.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
}

export function errorMessage(error: unknown): string {
  if (error instanceof DOMException && error.name === "AbortError") return "Upload cancelled.";
  if (!isTRPCClientError(error)) return error instanceof Error ? error.message : String(error);

  const data = (error.data ?? {}) as ErrorData;
  const details = data.details ?? {};
  switch (data.appCode ?? data.code) {
    case "VALIDATION":
      return `Please check the form — ${issuesText(details.issues) ?? error.message}`;
    case "FILE_TOO_LARGE":
      return typeof details.maximum === "number"
        ? fileProblemText({ code: "FILE_TOO_LARGE", maximum: details.maximum })
        : error.message;
    case "UNSUPPORTED_FILE_TYPE":
      return Array.isArray(details.supported) && details.supported.length > 0
        ? fileProblemText({ code: "UNSUPPORTED_FILE_TYPE", supported: details.supported as string[] })
        : error.message;
    case "RATE_LIMITED":
      return typeof details.retryAfterSeconds === "number"
        ? `Too many uploads. Try again in ${Math.ceil(details.retryAfterSeconds)} s.`
        : "Too many uploads. Try again shortly.";
    case "UNAUTHORIZED":
      return "Your session has expired. Please sign in again.";
    case "FORBIDDEN":
      return "You are not allowed to do that.";
    case "NOT_FOUND":
      return "That upload does not exist.";
    case "INVALID_STATE":
      return typeof details.status === "string" ? `That upload is already ${details.status}.` : error.message;
    case "ETAG_MISMATCH":
    case "SIZE_MISMATCH":
      return "The stored file does not match what was sent. Please upload it again.";
    case "PARTS_MISMATCH":
      return "Some parts of the file did not arrive intact. Pick the file again to resume the upload.";
    case "NOT_MULTIPART":
      return "That upload is not sent in parts.";
    case "OBJECT_MISSING":
      return "The file never reached storage. Please upload it again.";
    case "INTERNAL_SERVER_ERROR":
      return "Something went wrong on the server. Please try again.";
    case undefined:
      // No data at all: the request never got a tRPC answer.
      return `Cannot reach the server (${error.message}).`;
    default:
      return error.message;
  }
}
