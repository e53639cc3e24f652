// S3's multipart calls on the staging bucket: create, sign a part, list, complete, abort, head.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { s3 } from "../aws";
import { IntakeError } from "../errors";
import { settings } from "../settings";

export interface Target {
  key: string;
  /** S3's id of the multipart upload (not Intake's upload id). */
  multipartUploadId: string;
}

export interface StoredPart {
  partNumber: number;
  etag: string;
  sizeBytes: number;
}

const bucket = () => settings().buckets.staging;

export async function create(key: string, contentType: string): Promise<string> {
  const created = await s3().send(
    new CreateMultipartUploadCommand({ Bucket: bucket(), Key: key, ContentType: contentType }),
  );
  if (!created.UploadId) throw new Error("S3 returned no UploadId");
  return created.UploadId;
}

/** A presigned UploadPart URL that signs the part's exact Content-Length. */
export async function signPart(target: Target, partNumber: number, sizeBytes: number): Promise<string> {
  return getSignedUrl(
    s3(),
    new UploadPartCommand({
      Bucket: bucket(),
      Key: target.key,
      UploadId: target.multipartUploadId,
      PartNumber: partNumber,
      ContentLength: sizeBytes,
    }),
    { expiresIn: settings().uploadUrlTtlSeconds, signableHeaders: new Set(["content-length"]) },
  );
}

/** Every part S3 holds, in part-number order (ListParts pages at 1,000). */
export async function listParts(target: Target): Promise<StoredPart[]> {
  const parts: StoredPart[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = await gone(() =>
      s3().send(
        new ListPartsCommand({
          Bucket: bucket(),
          Key: target.key,
          UploadId: target.multipartUploadId,
          PartNumberMarker: marker,
        }),
      ),
    );
    for (const part of page.Parts ?? []) {
      parts.push({ partNumber: part.PartNumber ?? 0, etag: part.ETag ?? "", sizeBytes: part.Size ?? 0 });
    }
    if (!page.IsTruncated || !page.NextPartNumberMarker) return parts;
    marker = page.NextPartNumberMarker;
  }
}

/** Completes with parts already checked against ListParts; returns the object's ETag. */
export async function complete(target: Target, parts: Array<{ partNumber: number; etag: string }>): Promise<string> {
  const done = await gone(() =>
    s3().send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket(),
        Key: target.key,
        UploadId: target.multipartUploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: `"${p.etag}"` })) },
      }),
    ),
  );
  return done.ETag ?? "";
}

/** Aborts the upload and drops its parts; an upload S3 no longer has is already gone. */
export async function abort(target: Target): Promise<void> {
  try {
    await s3().send(
      new AbortMultipartUploadCommand({ Bucket: bucket(), Key: target.key, UploadId: target.multipartUploadId }),
    );
  } catch (error) {
    if (!isNoSuchUpload(error)) throw error;
  }
}

/** The completed object's ETag and size, or undefined while there is none. */
export async function head(key: string): Promise<{ etag: string; sizeBytes: number } | undefined> {
  try {
    const object = await s3().send(new HeadObjectCommand({ Bucket: bucket(), Key: key }));
    return { etag: object.ETag ?? "", sizeBytes: object.ContentLength ?? -1 };
  } catch (error) {
    const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === "NotFound" || e.$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  }
}

/** S3 forgets a multipart upload once completed, aborted, or expired by the lifecycle rule. */
async function gone<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isNoSuchUpload(error)) {
      throw new IntakeError("OBJECT_MISSING", "Storage no longer has this multipart upload; start the upload again");
    }
    throw error;
  }
}

export function isNoSuchUpload(error: unknown): boolean {
  const e = error as { name?: string; Code?: string };
  return e?.name === "NoSuchUpload" || e?.Code === "NoSuchUpload";
}
