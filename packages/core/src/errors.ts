// The error contract: every code a client can see in `error.data.appCode`, and what each
// carries in `error.data.details`. Browser-safe (type imports only): the SPA uses it too.
import type { Mismatch } from "./upload/part-list";
import type { Status } from "./upload/lifecycle";

/** A zod issue as it travels: where in the input, and what is wrong there. */
export interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
}

type None = Record<string, never>;

/** What each application code carries in `details`. */
export interface Details {
  /** signParts also names the part numbers past the upload's partCount. */
  VALIDATION: { issues: Issue[]; partCount?: number; outside?: number[] };
  FILE_TOO_LARGE: { maximum: number };
  UNSUPPORTED_FILE_TYPE: { supported: readonly string[] };
  RATE_LIMITED: { retryAfterSeconds: number; limit: number };
  UNAUTHORIZED: None;
  FORBIDDEN: None;
  NOT_FOUND: None;
  INVALID_STATE: { status: Status };
  ETAG_MISMATCH: None;
  SIZE_MISMATCH: { expected: number; actual: number };
  OBJECT_MISSING: None;
  PARTS_MISMATCH: Mismatch & { partCount: number };
  NOT_MULTIPART: None;
  /** A request tRPC could not read or route (no such procedure, not JSON, wrong method). */
  BAD_REQUEST: None;
  /** An unexpected fault: nothing about it leaves the server. */
  INTERNAL_SERVER_ERROR: None;
}

/** The codes only the transport produces; every other code is the domain's. */
export type TransportCode = "BAD_REQUEST" | "INTERNAL_SERVER_ERROR";
/** The codes core throws. */
export type DomainCode = Exclude<keyof Details, TransportCode>;
/** Every code a client can receive. */
export type AppCode = keyof Details;

/** `error.data` beyond tRPC's own fields: the code, and the details that code carries. */
export type ErrorData = { [C in AppCode]: { appCode: C; details: Details[C] } }[AppCode];

type DetailsArgument<C extends DomainCode> = Details[C] extends None ? [details?: None] : [details: Details[C]];

export class IntakeError<C extends DomainCode = DomainCode> extends Error {
  readonly details: Details[C];

  constructor(
    readonly appCode: C,
    message: string,
    ...[details]: DetailsArgument<C>
  ) {
    super(message);
    this.name = "IntakeError";
    this.details = (details ?? {}) as Details[C];
  }

  /** The code with its details, as one member of the wire's union. */
  data(): ErrorData {
    // The constructor ties details to the code; TypeScript cannot follow that through C.
    return { appCode: this.appCode, details: this.details } as ErrorData;
  }
}

export const notFound = () => new IntakeError("NOT_FOUND", "Upload not found");

/** VALIDATION for one field the schema could not judge (a cursor, a part number). */
export const invalid = (field: string, message: string) =>
  new IntakeError("VALIDATION", message, { issues: [{ code: "custom", path: [field], message }] });
