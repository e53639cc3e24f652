// The sender: one attempt of one delivery, recorded, then either done or queued again after
// the schedule's wait, until the last attempt fails it. Every attempt is signed with the
// endpoint's secret (and, within a day of a rotation, the previous one too) under the same
// `webhook-id`.
import { Webhook } from "standardwebhooks";
import { isConditionFailure } from "../conditional";
import { db } from "../dynamo";
import { log } from "../log";
import { settings } from "../settings";
import * as Alerts from "./alerts";
import type { DeliveryItem } from "./delivery.entity";
import type { EndpointItem } from "./endpoint.entity";
import { type Lookup, resolve } from "./destination";
import { type Attempt, post } from "./post";
import { type DeliveryMessage, enqueue, remainingSeconds } from "./queue";
import { delaySeconds } from "./schedule";
import { decrypt } from "./secrets";

/**
 * Attempts the message's delivery. `now` and `lookup` are the clock and the name resolver
 * (tests pass their own: a clock days ahead, a name that has come to resolve elsewhere).
 */
export async function handleMessage(message: DeliveryMessage, now = () => new Date(), lookup?: Lookup): Promise<void> {
  const early = remainingSeconds(message, now().getTime());
  if (early > 0) return enqueue(message.deliveryId, early, now().getTime());
  const delivery = (await db().delivery.get({ deliveryId: message.deliveryId }).go({ consistent: true })).data as
    | DeliveryItem
    | undefined;
  if (delivery?.status !== "pending") return;
  const endpoint = (await db().endpoint.get({ endpointId: delivery.endpointId }).go({ consistent: true })).data as
    | EndpointItem
    | undefined;
  const attempt: Attempt =
    endpoint?.enabled === true
      ? await attemptOnce(delivery, endpoint, now(), lookup)
      : { durationMs: 0, error: "ENDPOINT_GONE" };
  await record(delivery, endpoint, attempt, now());
}

async function attemptOnce(
  delivery: DeliveryItem,
  endpoint: EndpointItem,
  at: Date,
  lookup?: Lookup,
): Promise<Attempt> {
  const { events } = settings();
  const destination = await resolve(endpoint.url, events.allowLoopback, lookup);
  if (!destination.ok) return { durationMs: 0, error: "DESTINATION_REFUSED", detail: destination.reason };
  return post(
    destination,
    {
      "webhook-id": delivery.deliveryId,
      "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
      "webhook-signature": await signature(endpoint, delivery.deliveryId, delivery.body, at),
    },
    delivery.body,
    events.timeoutSeconds * 1000,
  );
}

/** The `webhook-signature` header: the endpoint's secret, and within a day of a rotation the previous one too. */
export async function signature(
  endpoint: Pick<EndpointItem, "secret" | "previousSecret" | "previousSecretUntil">,
  deliveryId: string,
  body: string,
  at: Date,
): Promise<string> {
  const secrets = [await decrypt(endpoint.secret)];
  if (
    endpoint.previousSecret &&
    endpoint.previousSecretUntil &&
    Date.parse(endpoint.previousSecretUntil) > at.getTime()
  ) {
    secrets.push(await decrypt(endpoint.previousSecret));
  }
  return secrets.map((secret) => new Webhook(secret).sign(deliveryId, at, body)).join(" ");
}

/**
 * Records the attempt, conditional on the attempts read: a duplicate message that attempted
 * the same delivery at once records nothing and schedules nothing.
 */
async function record(delivery: DeliveryItem, endpoint: EndpointItem | undefined, attempt: Attempt, at: Date) {
  const { retry } = settings().events;
  const number = delivery.attempts + 1;
  const delivered = attempt.error === undefined;
  const last = delivered || number >= retry.maxAttempts || attempt.error === "ENDPOINT_GONE";
  const wait = last ? undefined : delaySeconds(number, retry);
  const nextAttemptAt = wait === undefined ? undefined : new Date(at.getTime() + wait * 1000).toISOString();
  const status = delivered ? "delivered" : last ? "failed" : "pending";
  const error = attempt.error && (attempt.detail ? `${attempt.error}: ${attempt.detail}` : attempt.error);
  try {
    await db()
      .delivery.patch({ deliveryId: delivery.deliveryId })
      .set({
        status,
        attempts: number,
        lastStatusCode: attempt.statusCode,
        lastDurationMs: attempt.durationMs,
        lastError: error,
        lastAttemptAt: at.toISOString(),
        nextAttemptAt,
      })
      .append({
        log: [
          {
            attempt: number,
            at: at.toISOString(),
            statusCode: attempt.statusCode,
            durationMs: attempt.durationMs,
            error,
            nextAttemptAt,
          },
        ],
      })
      .where((a, { eq }) => `${eq(a.attempts, delivery.attempts)} AND ${eq(a.status, "pending")}`)
      .go();
  } catch (failure) {
    if (isConditionFailure(failure)) return;
    throw failure;
  }
  log(delivered ? "info" : "warn", `events: delivery ${status}`, {
    deliveryId: delivery.deliveryId,
    endpointId: delivery.endpointId,
    attempt: number,
    statusCode: attempt.statusCode,
    error,
    nextAttemptAt,
  });
  if (wait !== undefined) await enqueue(delivery.deliveryId, wait, at.getTime());
  if (endpoint) await updateEndpoint(endpoint, delivery, status, attempt, at);
}

async function updateEndpoint(
  endpoint: EndpointItem,
  delivery: DeliveryItem,
  status: DeliveryItem["status"],
  attempt: Attempt,
  at: Date,
) {
  const lastDelivery = {
    deliveryId: delivery.deliveryId,
    at: at.toISOString(),
    status,
    statusCode: attempt.statusCode,
  };
  const update = db().endpoint.patch({ endpointId: endpoint.endpointId });
  if (status === "delivered") {
    await update.set({ lastDelivery }).remove(["failingSince"]).go().catch(ignoreGone);
    return;
  }
  const failingSince = endpoint.failingSince ?? at.toISOString();
  await update.set({ lastDelivery, failingSince }).go().catch(ignoreGone);
  if (disableDue({ ...endpoint, failingSince }, status, at, settings().events.disableAfterSeconds)) {
    await disable(endpoint, at);
  }
}

/** An enabled endpoint whose deliveries have all failed for `disableAfterSeconds` is disabled. */
export function disableDue(
  endpoint: Pick<EndpointItem, "enabled" | "failingSince">,
  status: DeliveryItem["status"],
  at: Date,
  disableAfterSeconds: number,
): boolean {
  return (
    status === "failed" &&
    endpoint.enabled &&
    endpoint.failingSince !== undefined &&
    at.getTime() - Date.parse(endpoint.failingSince) >= disableAfterSeconds * 1000
  );
}

async function disable(endpoint: EndpointItem, at: Date) {
  await db().endpoint.patch({ endpointId: endpoint.endpointId }).set({ enabled: false }).go().catch(ignoreGone);
  log("warn", "events: endpoint disabled after failing", { endpointId: endpoint.endpointId });
  await Alerts.raise({
    alertId: `disabled_${endpoint.endpointId}_${endpoint.failingSince ?? at.toISOString()}`,
    kind: "endpoint_disabled",
    endpointId: endpoint.endpointId,
    url: endpoint.url,
    reason: `every delivery has failed since ${endpoint.failingSince}`,
    createdAt: at.toISOString(),
  });
}

/** The endpoint was deleted meanwhile: nothing left to update. */
function ignoreGone(error: unknown) {
  if (!isConditionFailure(error)) throw error;
}
