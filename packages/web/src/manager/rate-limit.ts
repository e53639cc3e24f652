import { errorData } from "../errors";

/** Seconds the server asks to wait (RATE_LIMITED), or undefined for any other failure. */
export function retryAfterSeconds(error: unknown): number | undefined {
  const data = errorData(error);
  return data?.appCode === "RATE_LIMITED" ? Math.max(1, Math.ceil(data.details.retryAfterSeconds)) : undefined;
}
