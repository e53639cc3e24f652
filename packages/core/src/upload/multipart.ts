// The multipart path: signParts, listParts, complete, and the multipart halves of initiate,
// refresh, abort and get. Bytes go from the browser to S3; this only signs, checks and records.
import { Actor } from "../actor";
import { IntakeError, notFound } from "../errors";
import { db } from "../dynamo";
import { settings } from "../settings";
import { fn } from "../validate";
import { fromId, normalizeEtag, transition } from "./index";
import { CompleteInput, SignPartsInput } from "./multipart-schema";
import { describe, mismatch } from "./part-list";
import { type Plan, plan, sizeOf } from "./parts";
import * as S3Multipart from "./s3-multipart";
import { ByIdInput } from "./schema";
import type { UploadItem } from "./upload.entity";

type MultipartItem = UploadItem & { multipartUploadId: string; partSize: number; partCount: number };

export function isMultipart(upload: UploadItem): upload is MultipartItem {
  return upload.multipartUploadId !== undefined && upload.partSize !== undefined && upload.partCount !== undefined;
}

const target = (upload: MultipartItem) => ({ key: upload.stagingKey, multipartUploadId: upload.multipartUploadId });
const planOf = (upload: MultipartItem): Plan => ({ partSize: upload.partSize, partCount: upload.partCount });
const partNumbers = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** The caller's own multipart upload; anyone else's is NOT_FOUND. */
async function owned(uploadId: string): Promise<MultipartItem> {
  const upload = await fromId(uploadId);
  if (!upload || upload.ownerId !== Actor.user().userId) throw notFound();
  if (!isMultipart(upload)) throw new IntakeError("NOT_MULTIPART", "This upload is a single PUT: it has no parts");
  return upload;
}

function assertPending(upload: UploadItem): void {
  if (upload.status !== "pending") {
    throw new IntakeError("INVALID_STATE", `The upload is ${upload.status}`, { status: upload.status });
  }
}

/** initiate's multipart half: S3's multipart upload and the plan, to store with the new upload. */
export async function begin(key: string, contentType: string, sizeBytes: number) {
  const { partSize, partCount } = plan(sizeBytes);
  const multipartUploadId = await S3Multipart.create(key, contentType);
  return { multipartUploadId, partSize, partCount };
}

async function sign(upload: MultipartItem, numbers: number[]) {
  // Taken before signing, so the promise is never later than the URLs' real expiry.
  const expiresAt = new Date(Date.now() + settings().uploadUrlTtlSeconds * 1000).toISOString();
  const parts = await Promise.all(
    numbers.map(async (partNumber) => ({
      partNumber,
      url: await S3Multipart.signPart(target(upload), partNumber, sizeOf(upload.sizeBytes, planOf(upload), partNumber)),
    })),
  );
  return { parts, expiresAt };
}

export const signParts = fn(SignPartsInput, async ({ uploadId, partNumbers: numbers }) => {
  const upload = await owned(uploadId);
  assertPending(upload);
  const outside = numbers.filter((n) => n > upload.partCount);
  if (outside.length) {
    const message = `This upload has ${upload.partCount} parts`;
    throw new IntakeError("VALIDATION", message, {
      issues: [{ code: "too_big", path: ["partNumbers"], message }],
      partCount: upload.partCount,
      outside,
    });
  }
  return sign(upload, numbers);
});

async function held(upload: MultipartItem) {
  const parts = await S3Multipart.listParts(target(upload));
  return parts.map((part) => ({ ...part, etag: normalizeEtag(part.etag) }));
}

export const listParts = fn(ByIdInput, async ({ uploadId }) => {
  const upload = await owned(uploadId);
  assertPending(upload);
  const parts = await held(upload);
  return { parts: parts.map((p) => ({ partNumber: p.partNumber, etag: `"${p.etag}"`, sizeBytes: p.sizeBytes })) };
});

export const complete = fn(CompleteInput, async ({ uploadId, parts }) => {
  const upload = await owned(uploadId);
  if (upload.status !== "pending") return settled(upload);
  const listed = parts.map((part) => ({ partNumber: part.partNumber, etag: normalizeEtag(part.etag) }));
  let etag: string;
  try {
    const found = mismatch(listed, await held(upload), upload.sizeBytes, planOf(upload));
    if (found) throw new IntakeError("PARTS_MISMATCH", describe(found), { ...found, partCount: upload.partCount });
    etag = await S3Multipart.complete(target(upload), listed);
  } catch (error) {
    // A complete that reached S3 but not the table (a dropped response, a concurrent call):
    // S3 has forgotten the upload, and the object is there.
    const object = error instanceof IntakeError && error.appCode === "OBJECT_MISSING" && (await S3Multipart.head(upload.stagingKey));
    if (!object || object.sizeBytes !== upload.sizeBytes) throw error;
    etag = object.etag;
  }
  const moved = await transition(upload, ["pending"], "received", { etag: normalizeEtag(etag) });
  if (moved) return { uploadId, status: moved.status };
  return settled(await owned(uploadId));
});

/** complete once the upload has moved on: the current status, unchanged. */
function settled(upload: UploadItem) {
  if (upload.status === "aborted" || upload.status === "expired") {
    throw new IntakeError("INVALID_STATE", `The upload is ${upload.status}`, { status: upload.status });
  }
  return { uploadId: upload.uploadId, status: upload.status };
}

/** refresh's multipart half: fresh URLs for every part S3 does not hold at the planned size. */
export async function refreshParts(upload: MultipartItem) {
  const good = new Set(
    (await held(upload))
      .filter((p) => p.partNumber <= upload.partCount && p.sizeBytes === sizeOf(upload.sizeBytes, planOf(upload), p.partNumber))
      .map((p) => p.partNumber),
  );
  return sign(upload, partNumbers(upload.partCount).filter((n) => !good.has(n)));
}

/** abort's multipart half: S3 drops the parts. */
export function abortParts(upload: MultipartItem): Promise<void> {
  return S3Multipart.abort(target(upload));
}

/** Progress as last recorded: every part once complete, the last count while pending. */
export function progressOf(upload: UploadItem) {
  if (!isMultipart(upload)) return undefined;
  const done = upload.status !== "pending" && upload.status !== "aborted" && upload.status !== "expired";
  return { partsUploaded: done ? upload.partCount : (upload.partsUploaded ?? 0), partCount: upload.partCount };
}

/**
 * Progress counted now: S3 sends no event per part, so a pending upload's parts are counted
 * with ListParts when asked (one call per 1,000 parts), and the count is kept for upload.list.
 */
export async function liveProgress(upload: UploadItem) {
  if (!isMultipart(upload) || upload.status !== "pending") return progressOf(upload);
  const parts = await held(upload).catch(() => undefined);
  if (!parts) return progressOf(upload);
  const partsUploaded = parts.filter((p) => p.partNumber <= upload.partCount).length;
  if (partsUploaded !== upload.partsUploaded) {
    await db()
      .upload.patch({ uploadId: upload.uploadId })
      .set({ partsUploaded })
      .go({ response: "none" })
      .catch(() => undefined); // only a cache for listings
  }
  return { partsUploaded, partCount: upload.partCount };
}
