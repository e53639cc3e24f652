export * as Upload from "./";

import { DeleteObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";
import { Actor } from "../actor";
import { s3 } from "../aws";
import { db } from "../dynamo";
import { IntakeError, notFound } from "../errors";
import { Keys } from "../keys";
import { page } from "../paging";
import { Purpose } from "../purpose";
import { RateLimit } from "../rate-limit";
import { settings } from "../settings";
import { correctFields, UpdateFieldsInput } from "../fields/correct";
import { type FieldName, type Fields, fieldNames } from "../fields/fields";
import type { Metadata } from "../process/inspection";
import { fn } from "../validate";
import { normalizeEtag } from "./etag";
import { access, traits, type Viewer } from "./lifecycle";
import { owned } from "./lookup";
import { abortParts, begin, isMultipart, liveProgress, progressOf, refreshParts } from "./multipart-item";
import { signPut } from "./presign";
import { ByIdInput, ConfirmInput, InitiateInput, ListInput } from "./schema";
import { Store } from "./store";
import type { UploadItem } from "./upload.entity";

export * from "./schema";
export * from "./multipart-schema";
export { Multipart } from "./multipart";
export type { UploadItem } from "./upload.entity";
export { download } from "./download";
export { normalizeEtag } from "./etag";

/** An upload as the API returns it to `viewer`, with what they may do with it (`can`). */
export function toPublic(item: UploadItem, viewer: Viewer) {
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
      ? {
          verdict: item.scanVerdict,
          detectedType: item.detectedType,
          signatures: item.signatures?.length ? item.signatures : undefined,
        }
      : undefined,
    processing: processingOf(item),
    can: access(item, viewer).can,
  };
}

/** Processing's result as clients see it: what disarm did and the document's metadata, or what was refused. */
function processingOf(item: UploadItem) {
  const result = item.processing;
  if (!result) return undefined;
  const metadata = Object.fromEntries(
    Object.entries(result.metadata ?? {}).filter(([, v]) => v !== undefined),
  ) as Metadata;
  if (result.outcome === "clean") {
    return {
      disarm: result.disarm ?? "checked",
      removed: result.removed?.length ? result.removed : undefined,
      metadata,
      fields: fieldsOf(result.fields),
      correction: correctionOf(item.fieldsCorrection),
    };
  }
  return { found: result.found?.length ? result.found : undefined, detail: result.detail, metadata };
}
/** The fields read from an invoice or receipt, as clients see them (no empty values). */
function fieldsOf(stored: NonNullable<UploadItem["processing"]>["fields"]): Fields | undefined {
  if (!stored?.kind) return undefined;
  const fields: Fields = { confidence: stored.confidence ?? 0, kind: stored.kind, engine: stored.engine ?? "local" };
  for (const name of fieldNames) {
    const value = stored[name];
    if (value !== undefined) fields[name] = value;
  }
  const low = Object.entries(stored.lowConfidence ?? {}).filter(([, v]) => v !== undefined);
  if (low.length > 0) fields.lowConfidence = Object.fromEntries(low);
  return fields;
}
/** The owner's correction, beside the extraction (no empty values). */
function correctionOf(correction: UploadItem["fieldsCorrection"]) {
  if (!correction?.correctedAt) return undefined;
  return Object.fromEntries(Object.entries(correction).filter(([, v]) => v !== undefined)) as Partial<
    Record<FieldName, string>
  > & { correctedAt: string };
}
export type Info = ReturnType<typeof toPublic>;

/** The owner corrects the fields of their own `ready` invoice or receipt; the extraction is kept. */
export const updateFields = fn(UpdateFieldsInput, async (input) => {
  const user = Actor.user();
  return toPublic(await correctFields(input, user), user);
});

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
  await RateLimit.take("upload.initiate", config.initiatesPerMinute);

  const uploadId = `upl_${randomUUID().replaceAll("-", "")}`;
  const stagingKey = Keys.staging(user.userId, uploadId, input.contentType);
  const multipart =
    input.sizeBytes >= config.multipartThresholdBytes
      ? await begin(stagingKey, input.contentType, input.sizeBytes)
      : undefined;
  const created = await Store.create({
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
    stagingKey,
    expiresAt: new Date(Date.now() + config.pendingTtlSeconds * 1000).toISOString(),
    ...multipart,
  });
  if (multipart) {
    // No URL yet: the client asks signParts for the parts it is about to send.
    return {
      uploadId,
      status: created.status,
      method: "MULTIPART" as const,
      headers: {},
      partSize: multipart.partSize,
      partCount: multipart.partCount,
      expiresAt: created.expiresAt,
      maxSizeBytes: config.purposes[input.purpose].maxSizeBytes,
    };
  }
  const signed = await signPut({ key: stagingKey, ...input });
  return {
    uploadId,
    status: created.status,
    method: "PUT" as const,
    url: signed.url,
    headers: signed.headers,
    expiresAt: signed.expiresAt,
    maxSizeBytes: config.purposes[input.purpose].maxSizeBytes,
  };
});

export const confirm = fn(ConfirmInput, async ({ uploadId, etag }) => {
  const user = Actor.user();
  const upload = await owned(uploadId, user);
  if (upload.status === "pending") {
    const object = await headStaging(upload.stagingKey);
    if (!object) {
      // The scanner may have moved the file out of staging since the upload was read.
      const current = await owned(uploadId, user);
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
    const moved = await Store.transition(upload, {
      from: "pending",
      to: "received",
      set: { etag: normalizeEtag(object.etag) },
    });
    if (moved) return { uploadId, status: moved.status };
    return confirmSettled(await owned(uploadId, user), etag);
  }
  return confirmSettled(upload, etag);
});

/** Confirm once the upload has moved on: check the ETag, change nothing. */
function confirmSettled(upload: UploadItem, etag: string) {
  if (traits[upload.status].bytes === "abandoned") {
    throw new IntakeError("INVALID_STATE", `The upload is ${upload.status}`, { status: upload.status });
  }
  if (upload.etag && normalizeEtag(upload.etag) !== normalizeEtag(etag)) {
    throw new IntakeError("ETAG_MISMATCH", "The ETag does not match the uploaded file");
  }
  return { uploadId: upload.uploadId, status: upload.status };
}

export const refresh = fn(ByIdInput, async ({ uploadId }) => {
  const upload = await owned(uploadId, Actor.user());
  if (upload.status !== "pending") {
    throw new IntakeError("INVALID_STATE", `The upload is ${upload.status}`, { status: upload.status });
  }
  if (isMultipart(upload)) return refreshParts(upload);
  const signed = await signPut({ key: upload.stagingKey, ...upload });
  return { url: signed.url, headers: signed.headers, expiresAt: signed.expiresAt };
});

export const abort = fn(ByIdInput, async ({ uploadId }) => {
  const user = Actor.user();
  const upload = await owned(uploadId, user);
  if (upload.status !== "aborted") {
    const moved = await Store.transition(upload, { from: "pending", to: "aborted" });
    if (!moved) {
      const current = await owned(uploadId, user);
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

/** One upload, to its owner or an admin. */
export const get = fn(ByIdInput, async ({ uploadId }) => {
  const user = Actor.user();
  const upload = await Store.get(uploadId);
  if (!upload || !access(upload, user).visible) throw notFound();
  return { ...toPublic(upload, user), progress: await liveProgress(upload) };
});

/** The caller's own uploads, newest first, in one status if given. */
export const list = fn(ListInput, async ({ status, cursor, limit }) => {
  const user = Actor.user();
  const query = db().upload.query.byOwner({ ownerId: user.userId });
  const filtered = status ? query.where((a, { eq }) => eq(a.status, status)) : query;
  const found = await page({ cursor, limit }, (options) => filtered.go({ order: "desc", ...options }));
  return { items: found.items.map((item) => toPublic(item, user)), cursor: found.cursor };
});

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

function formatBytes(bytes: number): string {
  const MiB = 1024 * 1024;
  return bytes >= MiB ? `${Math.round((bytes / MiB) * 10) / 10} MiB` : `${bytes} bytes`;
}
