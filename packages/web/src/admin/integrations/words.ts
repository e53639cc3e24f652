// How endpoints and deliveries read on the Integrations page.
import { errorData, errorMessage } from "../../errors";
import type { Outputs } from "../../trpc";

export type Endpoint = Outputs["admin"]["webhooks"]["list"]["items"][number];
export type Delivery = Outputs["admin"]["webhooks"]["deliveries"]["items"][number];
export type EventType = Endpoint["events"][number];

export const eventWords: Record<EventType, string> = {
  "document.ready": "A document is ready",
  "document.in_review": "A document waits for review",
  "document.rejected": "A document was rejected",
  "document.quarantined": "A document was blocked (quarantined)",
  "document.failed": "A document could not be checked",
  "webhook.test": "Test events",
};

/** What an admin subscribes an endpoint to: every event but the test, which any endpoint gets on request. */
export const subscribable = Object.keys(eventWords).filter((type) => type !== "webhook.test") as EventType[];

export const deliveryStatusWords: Record<Delivery["status"], string> = {
  pending: "Waiting to retry",
  delivered: "Delivered",
  failed: "Failed",
};

export const deliveryTone: Record<Delivery["status"], "wait" | "ok" | "bad"> = {
  pending: "wait",
  delivered: "ok",
  failed: "bad",
};

/** The sender's error codes (`CODE` or `CODE: detail`) as a sentence. */
export function attemptErrorWords(error: string): string {
  const [code, ...rest] = error.split(": ");
  const detail = rest.join(": ");
  switch (code) {
    case "HTTP_STATUS":
      return "The receiver answered with an error.";
    case "TIMEOUT":
      return "The receiver did not answer in time.";
    case "NETWORK":
      return `The receiver could not be reached${detail ? ` (${detail})` : ""}.`;
    case "DESTINATION_REFUSED":
      return `Not sent: ${detail || "this address may not receive webhooks"}.`;
    case "ENDPOINT_GONE":
      return "Not sent: the endpoint is disabled.";
    default:
      return error;
  }
}

/** A refusal from the endpoints API in words; the URL's own refusal reads as the server says it. */
export function refusalWords(error: unknown): string {
  const data = errorData(error);
  if (data?.appCode === "NOT_FOUND") return "That endpoint no longer exists.";
  if (data?.appCode === "VALIDATION") {
    const issues = (data.details as { issues: { path: (string | number)[]; message: string }[] }).issues;
    const lines = issues.map((issue) => {
      const field = String(issue.path[0] ?? "");
      if (field === "events") return "Choose at least one event.";
      if (field === "url" && !issue.message.startsWith("This URL")) return "Enter the endpoint's full URL.";
      return issue.message;
    });
    if (lines.length > 0) return [...new Set(lines)].join(" ");
  }
  return errorMessage(error);
}
