export * as Upload from "./";

import { DeleteObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import { Actor } from "../actor";
import { s3 } from "../aws";
import { isConditionFailure } from "../conditional";
import { db } from "../dynamo";
import { IntakeError, invalid, notFound } from "../errors";
import { Keys } from "../keys";
import { Purpose } from "../purpose";
import { RateLimit } from "../rate-limit";
import { settings } from "../settings";
import { fn } from "../validate";
import { abortParts, begin, isMultipart, liveProgress, progressOf, refreshParts } from "./multipart";
import { signPut } from "./presign";
import { ByIdInput, ConfirmInput, InitiateInput, ListInput, type Status } from "./schema";
import { canMove } from "./state";
import type { UploadItem } from "./upload.entity";

export * from "./schema";
export * from "./multipart-schema";
export { complete, listParts, signParts } from "./multipart";
export type { UploadItem } from "./upload.entity";
export { download } from "./download";

/** An upload as the API returns it. */
export function toPublic(item: UploadItem) {
  return {
    uploadId: item.uploadId,
    ownerId: item.ownerId,
    purpose: item.purpose,
    filename: item.filename,
    contentType: item.contentType,
    sizeBytes: item.sizeBytes,
    status: item.status,
    statusReason: item.statusReason,
    title: item.title,
    author: item.author,
    description: item.description,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    expiresAt: item.expiresAt,
    progress: progressOf(item),
    scan: item.scanVerdict
      ? { verdict: item.scanVerdict, detectedType: item.detectedType, signatures: item.signatures?.length ? item.signatures : undefined }
      : undefined,
  };
}
export type Info = ReturnType<typeof toPublic>;

/** What each purpose accepts in this deployment, so a form can check a file before sending it. */
export function purposes() {
  Actor.user();
  return { purposes: settings().purposes };
}

export const initiate = fn(InitiateInput, async (input) => {
  const user = Actor.user();
  const config = settings();
  const problem = Purpose.check(config.purposes, input.purpose, input);
  if (problem?.code === "FILE_TOO_LARGE") {
    throw new IntakeError("FILE_TOO_LARGE", `File is larger than the ${formatBytes(problem.maximum)} limit`, {
      maximum: problem.maximum,
    });
  }
  if (problem?.code === "UNSUPPORTED_FILE_TYPE") {
    throw new IntakeError("UNSUPPORTED_FILE_TYPE", `A ${input.purpose} cannot be of type ${input.contentType}`, {
      supported: problem.supported,
    });
  }
  await RateLimit.take(user.userId, "upload.initiate", config.initiatesPerMinute);

  const uploadId = `upl_${randomUUID().replaceAll("-", "")}`;
  const stagingKey = Keys.staging(user.userId, uploadId, input.contentType);
  const multipart =
    input.sizeBytes >= config.multipartThresholdBytes ? await begin(stagingKey, input.contentType, input.sizeBytes) : undefined;
  const created = await db()
    .upload.create({
      uploadId,
      ownerId: user.userId,
      ownerEmail: user.email,
      purpose: input.purpose,
      filename: Keys.sanitizeFilename(input.filename),
      contentType: input.contentType,
      sizeBytes: input.sizeBytes,
      checksumSha256: input.checksumSha256,
      title: input.title,
      author: input.author,
      description: input.description,
      status: "pending",
      stagingKey,
      expiresAt: new Date(Date.now() + config.pendingTtlSeconds * 1000).toISOString(),
      ...multipart,
    })
    .go();
  if (multipart) {
    // No URL yet: the client asks signParts for the parts it is about to send.
    return {
      uploadId,
      status: created.data.status,
      method: "MULTIPART" as const,
      headers: {},
      partSize: multipart.partSize,
      partCount: multipart.partCount,
      expiresAt: created.data.expiresAt,
      maxSizeBytes: config.purposes[input.purpose].maxSizeBytes,
    };
  }
  const signed = await signPut({ key: stagingKey, ...input });
  return {
    uploadId,
    status: created.data.status,
    method: "PUT" as const,
    url: signed.url,
    headers: signed.headers,
    expiresAt: signed.expiresAt,
    maxSizeBytes: config.purposes[input.purpose].maxSizeBytes,
  };
});

export const confirm = fn(ConfirmInput, async ({ uploadId, etag }) => {
  const upload = await owned(uploadId);
  if (upload.status === "pending") {
    const object = await headStaging(upload.stagingKey);
    if (!object) {
      // The scanner may have moved the file out of staging since the upload was read.
      const current = await owned(uploadId);
      if (current.status !== "pending") return confirmSettled(current, etag);
      throw new IntakeError("OBJECT_MISSING", "The file has not been uploaded yet");
    }
    if (normalizeEtag(object.etag) !== normalizeEtag(etag)) {
      throw new IntakeError("ETAG_MISMATCH", "The ETag does not match the uploaded file");
    }
    if (object.sizeBytes !== upload.sizeBytes) {
      throw new IntakeError("SIZE_MISMATCH", "The uploaded file's size differs from the declared size", {
        expected: upload.sizeBytes,
        actual: object.sizeBytes,
      });
    }
    const moved = await transition(upload, ["pending"], "received", { etag: normalizeEtag(object.etag) });
    if (moved) return { uploadId, status: moved.status };
    return confirmSettled(await owned(uploadId), etag);
  }
  return confirmSettled(upload, etag);
});

/** Confirm once the upload has moved on: check the ETag, change nothing. */
function confirmSettled(upload: UploadItem, etag: string) {
  if (upload.status === "aborted" || upload.status === "expired") {
    throw new IntakeError("INVALID_STATE", `The upload is ${upload.status}`, { status: upload.status });
  }
  if (upload.etag && normalizeEtag(upload.etag) !== normalizeEtag(etag)) {
    throw new IntakeError("ETAG_MISMATCH", "The ETag does not match the uploaded file");
  }
  return { uploadId: upload.uploadId, status: upload.status };
}

export const refresh = fn(ByIdInput, async ({ uploadId }) => {
  const upload = await owned(uploadId);
  if (upload.status !== "pending") {
    throw new IntakeError("INVALID_STATE", `The upload is ${upload.status}`, { status: upload.status });
  }
  if (isMultipart(upload)) return refreshParts(upload);
  const signed = await signPut({ key: upload.stagingKey, ...upload });
  return { url: signed.url, headers: signed.headers, expiresAt: signed.expiresAt };
});

export const abort = fn(ByIdInput, async ({ uploadId }) => {
  const upload = await owned(uploadId);
  if (upload.status !== "aborted") {
    const moved = await transition(upload, ["pending"], "aborted");
    if (!moved) {
      const current = await owned(uploadId);
      if (current.status !== "aborted") {
        throw new IntakeError("INVALID_STATE", `The upload is ${current.status}`, { status: current.status });
      }
    }
  }
  // Whatever reached staging goes too (the bucket's expiry rule is the backstop).
  if (isMultipart(upload)) await abortParts(upload);
  await s3().send(new DeleteObjectCommand({ Bucket: settings().buckets.staging, Key: upload.stagingKey }));
  return { uploadId, status: "aborted" as const };
});

export const get = fn(ByIdInput, async ({ uploadId }) => {
  const upload = await fromId(uploadId);
  if (!upload || (upload.ownerId !== Actor.user().userId && !Actor.isAdmin())) throw notFound();
  return { ...toPublic(upload), progress: await liveProgress(upload) };
});

export const list = fn(ListInput, async ({ status, cursor, limit }) => {
  const query = db().upload.query.byOwner({ ownerId: Actor.user().userId });
  const filtered = status ? query.where((a, { eq }) => eq(a.status, status)) : query;
  const page = await paged(cursor, (from) => filtered.go({ order: "desc", cursor: from, limit }));
  return { items: page.data.map(toPublic), cursor: page.cursor };
});

/**
 * Runs a paged query from `cursor`, turning a cursor DynamoDB cannot use into a validation
 * error. Without a cursor nothing the caller sent can be at fault: the error stays a fault.
 */
export async function paged<T>(cursor: string | undefined, run: (cursor: string | null) => Promise<T>): Promise<T> {
  try {
    return await run(cursor ?? null);
  } catch (error) {
    if (cursor !== undefined && isCursorError(error)) throw invalid("cursor", "Invalid cursor");
    throw error;
  }
}

function isCursorError(error: unknown): boolean {
  const e = error as { code?: number; message?: string; cause?: { name?: string } };
  return (
    /cursor|ExclusiveStartKey|pager/i.test(e.message ?? "") ||
    e.cause?.name === "ValidationException" ||
    e.code === 4001
  );
}

export async function fromId(uploadId: string): Promise<UploadItem | undefined> {
  const result = await db().upload.get({ uploadId }).go({ consistent: true });
  return result.data ?? undefined;
}

/** The caller's own upload; anyone else's is NOT_FOUND, never FORBIDDEN. */
async function owned(uploadId: string): Promise<UploadItem> {
  const upload = await fromId(uploadId);
  if (!upload || upload.ownerId !== Actor.user().userId) throw notFound();
  return upload;
}

type Changes = Partial<
  Pick<UploadItem, "etag" | "statusReason" | "scannedAt" | "reviewedBy" | "reviewedAt" | "reviewNote">
>;

/**
 * Moves an upload from one of `from` to `to` with a conditional write. Returns the new
 * item, or undefined when the upload was no longer in `from` (someone else moved it).
 */
export async function transition(
  upload: Pick<UploadItem, "uploadId" | "createdAt">,
  from: readonly Status[],
  to: Status,
  changes: Changes = {},
  increments: { scanAttempts?: number } = {},
): Promise<UploadItem | undefined> {
  for (const status of from) {
    if (!canMove(status, to)) throw new Error(`An upload cannot move from ${status} to ${to}`);
  }
  try {
    const result = await db()
      .upload.patch({ uploadId: upload.uploadId })
      .set({ status: to, ...changes })
      .add({ revision: 1, ...increments })
      .composite({ createdAt: upload.createdAt })
      .where((a, { eq }) => from.map((status) => eq(a.status, status)).join(" OR "))
      .go({ response: "all_new" });
    return result.data as UploadItem;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

async function headStaging(key: string): Promise<{ etag: string; sizeBytes: number } | undefined> {
  try {
    const head = await s3().send(new HeadObjectCommand({ Bucket: settings().buckets.staging, Key: key }));
    return { etag: head.ETag ?? "", sizeBytes: head.ContentLength ?? -1 };
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === "NotFound" || e.$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  }
}

export function normalizeEtag(etag: string): string {
  return etag.trim().replace(/^W\//, "").replace(/^"|"$/g, "").toLowerCase();
}

function formatBytes(bytes: number): string {
  const MiB = 1024 * 1024;
  return bytes >= MiB ? `${Math.round((bytes / MiB) * 10) / 10} MiB` : `${bytes} bytes`;
}
