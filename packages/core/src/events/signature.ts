// What a receiver does with a webhook, with the same library the sender signs with (tests and
// docs/events.md use it): verify the signature and timestamp, then trust the body.
import { Webhook } from "standardwebhooks";

export function verify(secret: string, body: string, headers: Record<string, string>): unknown {
  return new Webhook(secret).verify(body, headers);
}
