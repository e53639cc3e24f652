export * as Admin from "./";

import { type AttributeValue, QueryCommand } from "@aws-sdk/client-dynamodb";
import { Actor } from "../actor";
import { dynamodb } from "../aws";
import { db } from "../dynamo";
import { IntakeError, notFound } from "../errors";
import { log } from "../log";
import { page } from "../paging";
import { Upload } from "../upload";
import { type Status, statuses } from "../upload/lifecycle";
import { Store, type UploadItem } from "../upload/store";
import { fn } from "../validate";
import { Recover } from "../recover";
import { recovery } from "../upload/lifecycle";
import { AdminListInput, ApproveInput, RejectInput, RetryInput } from "./schema";

export * from "./schema";
export { purge } from "./failed";

/** Everyone's uploads, in one status or in any, newest first. */
export const list = fn(AdminListInput, async ({ status, cursor, limit }) => {
  const admin = Actor.admin();
  const query = status ? db().upload.query.byStatus({ status }) : db().upload.query.byCreated({});
  const found = await page({ cursor, limit }, (options) => query.go({ order: "desc", ...options }));
  return { items: found.items.map((item) => Upload.toPublic(item, admin)), cursor: found.cursor };
});

/**
 * How many uploads are in each status, exactly. DynamoDB counts by reading the items, so
 * this costs reads in proportion to the uploads: fine for an admin page, not for a hot path.
 */
export async function counts(): Promise<{ counts: Record<Status, number> }> {
  Actor.admin();
  const counted = await Promise.all(statuses.map(async (status) => [status, await countStatus(status)] as const));
  return { counts: Object.fromEntries(counted) as Record<Status, number> };
}

async function countStatus(status: Status): Promise<number> {
  // ElectroDB builds the key condition; DynamoDB's Select COUNT is not in its query API.
  const params = db().upload.query.byStatus({ status }).params();
  const values: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(params.ExpressionAttributeValues as Record<string, unknown>)) {
    if (typeof value !== "string") throw new Error(`Unexpected key value for ${name}`);
    values[name] = { S: value };
  }
  let total = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamodb().send(
      new QueryCommand({ ...params, ExpressionAttributeValues: values, Select: "COUNT", ExclusiveStartKey: start }),
    );
    total += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return total;
}

/** `in_review` → `ready`: the file becomes downloadable (a book joins the library). */
export const approve = fn(ApproveInput, async ({ uploadId, note }) => {
  const moved = await decide(Actor.admin(), uploadId, "ready", note ? { reviewNote: note } : {});
  return { uploadId, status: moved.status as "ready" };
});

/** `in_review` → `rejected`, with the reason the owner sees as statusReason. */
export const reject = fn(RejectInput, async ({ uploadId, reason }) => {
  const moved = await decide(Actor.admin(), uploadId, "rejected", { reviewNote: reason, statusReason: reason });
  return { uploadId, status: moved.status as "rejected" };
});

/**
 * `failed` on a fault → tried again from its stage (scan or processing), counted as a recovery.
 * A content verdict, or any status but failed, is INVALID_STATE.
 */
export const retry = fn(RetryInput, async ({ uploadId }) => {
  const admin = Actor.admin();
  const upload = await Store.get(uploadId);
  if (!upload) throw notFound();
  const invalid = (status: Status) =>
    new IntakeError("INVALID_STATE", `The upload is ${status}, not failed on a fault`, { status });
  if (!recovery(upload)) throw invalid(upload.status);
  if (!Recover.stagedObjectKept(upload)) throw invalid(upload.status);
  const moved = await Actor.provide({ type: "system", properties: { name: "admin-retry" } }, () =>
    Recover.retry(upload),
  );
  if (!moved) throw invalid((await Store.get(uploadId))?.status ?? upload.status);
  log("info", "admin: retried a failed upload", { uploadId, by: admin.userId });
  return Upload.toPublic(moved, admin);
});

async function decide(
  admin: { userId: string },
  uploadId: string,
  to: "ready" | "rejected",
  changes: { reviewNote?: string; statusReason?: string },
): Promise<UploadItem> {
  const upload = await Store.get(uploadId);
  if (!upload) throw notFound();
  const moved = await Store.transition(upload, {
    from: "in_review",
    to,
    set: { ...changes, reviewedBy: admin.userId, reviewedAt: new Date().toISOString() },
  });
  if (moved) return moved;
  const current = (await Store.get(uploadId)) ?? upload;
  throw new IntakeError("INVALID_STATE", `The upload is ${current.status}, not in review`, { status: current.status });
}
