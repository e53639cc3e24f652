// A multipart upload's S3 side: its plan, signed part URLs, the parts S3 holds, progress.
// Shared by the Multipart procedures and the multipart halves of initiate, refresh, abort and get.
import { settings } from "../settings";
import { traits } from "./lifecycle";
import { normalizeEtag } from "./etag";
import { type Plan, plan, sizeOf } from "./parts";
import * as S3Multipart from "./s3-multipart";
import { Store } from "./store";
import type { UploadItem } from "./upload.entity";

export type MultipartItem = UploadItem & { multipartUploadId: string; partSize: number; partCount: number };

export function isMultipart(upload: UploadItem): upload is MultipartItem {
  return upload.multipartUploadId !== undefined && upload.partSize !== undefined && upload.partCount !== undefined;
}

const target = (upload: MultipartItem) => ({ key: upload.stagingKey, multipartUploadId: upload.multipartUploadId });
export const planOf = (upload: MultipartItem): Plan => ({ partSize: upload.partSize, partCount: upload.partCount });
const partNumbers = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** initiate's multipart half: S3's multipart upload and the plan, to store with the new upload. */
export async function begin(key: string, contentType: string, sizeBytes: number) {
  const { partSize, partCount } = plan(sizeBytes);
  const multipartUploadId = await S3Multipart.create(key, contentType);
  return { multipartUploadId, partSize, partCount };
}

export async function sign(upload: MultipartItem, numbers: number[]) {
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

/** The parts S3 holds, ETags normalised. */
export async function held(upload: MultipartItem) {
  const parts = await S3Multipart.listParts(target(upload));
  return parts.map((part) => ({ ...part, etag: normalizeEtag(part.etag) }));
}

/** Completes the upload in S3; returns the object's ETag. */
export function completeParts(
  upload: MultipartItem,
  parts: Array<{ partNumber: number; etag: string }>,
): Promise<string> {
  return S3Multipart.complete(target(upload), parts);
}

/** refresh's multipart half: fresh URLs for every part S3 does not hold at the planned size. */
export async function refreshParts(upload: MultipartItem) {
  const good = new Set(
    (await held(upload))
      .filter(
        (p) =>
          p.partNumber <= upload.partCount && p.sizeBytes === sizeOf(upload.sizeBytes, planOf(upload), p.partNumber),
      )
      .map((p) => p.partNumber),
  );
  return sign(
    upload,
    partNumbers(upload.partCount).filter((n) => !good.has(n)),
  );
}

/** abort's (and expiry's) multipart half: S3 drops the parts. */
export function abortParts(upload: MultipartItem): Promise<void> {
  return S3Multipart.abort(target(upload));
}

/** Progress as last recorded: every part once the bytes are all in, the last count while they arrive. */
export function progressOf(upload: UploadItem) {
  if (!isMultipart(upload)) return undefined;
  const done = traits[upload.status].bytes === "complete";
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
    await Store.recordPartsUploaded(upload, partsUploaded).catch(() => undefined); // only a cache for listings
  }
  return { partsUploaded, partCount: upload.partCount };
}
