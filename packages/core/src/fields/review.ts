// What an invoice or receipt that was not recognised as one leads to (INTAKE_UNRECOGNISED_INVOICE).
import type { Fields } from "./fields";

export type Unrecognised = "review" | "accept";

/** True when the fields say "not an invoice" and the deployment has an admin look at those. */
export function needsReview(fields: { kind?: Fields["kind"] } | undefined, unrecognised: Unrecognised): boolean {
  return fields?.kind === "other" && unrecognised === "review";
}
