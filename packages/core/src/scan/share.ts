// One uploader's fair share of the scanner across every instance (issue 16, item 3): a lease
// per upload being scanned, kept in the table on one item per owner, so at most
// INTAKE_SCAN_OWNER_SHARE of one owner's files hold the scanner at once. A lease expires past
// the scan deadline, so a crashed invocation holds its place no longer than a scan could.
export * as ScanShare from "./share";

import { type AttributeValue, GetItemCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { dynamodb, sqs } from "../aws";
import { isConditionFailure } from "../conditional";
import { ttlAttribute } from "../dynamo";
import { settings } from "../settings";

/** Past the scan deadline: the download before it and the copy after it. */
const marginSeconds = 60;
/** An owner's item outlives its last lease by this long, then DynamoDB's TTL deletes it. */
const keepSeconds = 24 * 60 * 60;

/** Epoch seconds; tests pass a clock of their own to see leases expire. */
export type Clock = () => number;
const systemClock: Clock = () => Math.floor(Date.now() / 1000);

export interface Lease {
  ownerId: string;
  uploadId: string;
}

/**
 * The owner's item. ElectroDB cannot name a map entry by a runtime key (`leases.<uploadId>`),
 * which the one conditional write per lease needs, so this item is written with the plain
 * client. Its key has no `$` prefix, so no ElectroDB item (all `$intake#…`) can share it.
 */
function key(ownerId: string): Record<string, AttributeValue> {
  return { pk: { S: `scan-share#${ownerId}` }, sk: { S: "scan-share" } };
}

/** Most scans one owner may run at once; undefined when there is no limit. */
export function cap(): number | undefined {
  return settings().scan.ownerShare || undefined;
}

/**
 * Takes a place in the owner's share for this upload: true when taken (or already held: a
 * redelivery of the same upload), false when the owner's other uploads hold every place.
 * Returns the lease's expiry in `until` for `release`.
 */
export async function acquire(
  { ownerId, uploadId }: Lease,
  limit: number,
  now: Clock = systemClock,
): Promise<{ taken: true; until: number } | { taken: false }> {
  const until = now() + settings().scan.timeoutSeconds + marginSeconds;
  if (await take(ownerId, uploadId, limit, until)) return { taken: true, until };
  // Refused, or no item yet: create it with this lease, or clear expired leases and try again.
  if (await create(ownerId, uploadId, until)) return { taken: true, until };
  if (await take(ownerId, uploadId, limit, until)) return { taken: true, until };
  if (!(await reclaimExpired(ownerId, now()))) return { taken: false };
  return (await take(ownerId, uploadId, limit, until)) ? { taken: true, until } : { taken: false };
}

/** Gives the place back, unless the lease has since been taken again (by a redelivery). */
export async function release({ ownerId, uploadId }: Lease, until: number): Promise<void> {
  try {
    await dynamodb().send(
      new UpdateItemCommand({
        TableName: settings().table,
        Key: key(ownerId),
        UpdateExpression: "REMOVE leases.#u",
        ConditionExpression: "leases.#u = :until",
        ExpressionAttributeNames: { "#u": uploadId },
        ExpressionAttributeValues: { ":until": { N: String(until) } },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The uploads holding a place in the owner's share now, and when each lease expires. */
export async function leases(ownerId: string): Promise<Record<string, number>> {
  const { Item } = await dynamodb().send(
    new GetItemCommand({ TableName: settings().table, Key: key(ownerId), ConsistentRead: true }),
  );
  const map = Item?.leases?.M ?? {};
  return Object.fromEntries(Object.entries(map).map(([id, value]) => [id, Number(value.N)]));
}

/**
 * Puts a scan message back on the scan queue as a fresh one, to be tried again in `seconds`:
 * waiting for a place spends none of the message's receives before the dead-letter queue.
 */
export async function defer(body: string, seconds: number): Promise<void> {
  const queueUrl = settings().scanQueueUrl;
  if (!queueUrl) throw new Error("INTAKE_SCAN_QUEUE_URL is not set");
  await sqs().send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, DelaySeconds: seconds }));
}

/** The one conditional write: a place while fewer than `limit` are held, or this upload's own. */
async function take(ownerId: string, uploadId: string, limit: number, until: number): Promise<boolean> {
  try {
    await dynamodb().send(
      new UpdateItemCommand({
        TableName: settings().table,
        Key: key(ownerId),
        UpdateExpression: "SET leases.#u = :until, #ttl = :ttl",
        ConditionExpression: "attribute_exists(leases) AND (size(leases) < :cap OR attribute_exists(leases.#u))",
        ExpressionAttributeNames: { "#u": uploadId, "#ttl": ttlAttribute },
        ExpressionAttributeValues: {
          ":until": { N: String(until) },
          ":ttl": { N: String(until + keepSeconds) },
          ":cap": { N: String(limit) },
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The owner's first lease makes the item; false when it is already there. */
async function create(ownerId: string, uploadId: string, until: number): Promise<boolean> {
  try {
    await dynamodb().send(
      new PutItemCommand({
        TableName: settings().table,
        Item: {
          ...key(ownerId),
          leases: { M: { [uploadId]: { N: String(until) } } },
          [ttlAttribute]: { N: String(until + keepSeconds) },
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Removes the owner's expired leases (each only if still the one read); false when none had expired. */
async function reclaimExpired(ownerId: string, at: number): Promise<boolean> {
  const expired = Object.entries(await leases(ownerId)).filter(([, until]) => until <= at);
  // Each removal is skipped when another invocation reclaimed it first, or the upload took its lease again.
  await Promise.all(expired.map(([uploadId, until]) => release({ ownerId, uploadId }, until)));
  return expired.length > 0;
}
