// Domain errors: an application code and details the API maps to its transport.
export type AppCode =
  | "VALIDATION"
  | "FILE_TOO_LARGE"
  | "UNSUPPORTED_FILE_TYPE"
  | "RATE_LIMITED"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "INVALID_STATE"
  | "ETAG_MISMATCH"
  | "SIZE_MISMATCH"
  | "OBJECT_MISSING"
  | "PARTS_MISMATCH"
  | "NOT_MULTIPART";

export class IntakeError extends Error {
  constructor(
    readonly appCode: AppCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "IntakeError";
  }
}

export const notFound = () => new IntakeError("NOT_FOUND", "Upload not found");
