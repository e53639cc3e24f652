// Security alerts: every quarantine (and every endpoint disabled for failing) is published to
// the alerts topic and kept as an item for `admin.alerts.list`. The alert's id is the id of
// what raised it, so raising it twice publishes once (unless the first publish never finished).
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { z } from "zod";
import { Actor } from "../actor";
import { isConditionFailure } from "../conditional";
import { db } from "../dynamo";
import { log } from "../log";
import { page } from "../paging";
import { perSettings, settings } from "../settings";
import { Cursor, Limit } from "../upload/schema";
import { fn } from "../validate";
import type { AlertItem } from "./alert.entity";

const sns = perSettings(
  (value) => [value.region, value.endpoints.sqs, value.credentials?.accessKeyId],
  // Locally the SNS emulator is the SQS emulator (fauxqs serves both).
  ({ region, credentials, endpoints }) => new SNSClient({ region, credentials, endpoint: endpoints.sqs }),
);

type NewAlert = Omit<AlertItem, "publishedAt">;

export async function raise(alert: NewAlert): Promise<void> {
  let item: AlertItem | undefined;
  try {
    item = (await db().alert.create(alert).go()).data as AlertItem;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    item = (await db().alert.get({ alertId: alert.alertId }).go({ consistent: true })).data ?? undefined;
    if (!item || item.publishedAt) return;
  }
  const topic = settings().events.alertsTopicArn;
  if (topic) {
    await sns().send(
      new PublishCommand({
        TopicArn: topic,
        Subject:
          alert.kind === "quarantine" ? "Intake: a file was quarantined" : "Intake: a webhook endpoint was disabled",
        Message: JSON.stringify(alert),
        MessageAttributes: { kind: { DataType: "String", StringValue: alert.kind } },
      }),
    );
  } else {
    log("warn", "alerts: no topic configured; the alert is only listed", { alertId: alert.alertId });
  }
  await db().alert.patch({ alertId: alert.alertId }).set({ publishedAt: new Date().toISOString() }).go();
}

export const ListAlertsInput = z.object({ cursor: Cursor, limit: Limit });

/** Security alerts, newest first. */
export const list = fn(ListAlertsInput, async ({ cursor, limit }) => {
  Actor.admin();
  const found = await page({ cursor, limit }, (options) =>
    db()
      .alert.query.byCreated({})
      .go({ order: "desc", ...options }),
  );
  return { items: found.items.map(({ publishedAt: _, ...alert }) => alert), cursor: found.cursor };
});
