// Processing's S3 steps on the production object: read it, replace it with the re-encoded
// bytes, or move it to quarantine. Each is safe to run again after a crash.
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  type HeadObjectCommandOutput,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { isMissing, objectExists, s3 } from "../aws";
import { Keys } from "../keys";
import { settings } from "../settings";
import { normalizeEtag } from "../upload/etag";
import type { UploadItem } from "../upload/upload.entity";
import { ProcessFault } from "./inspection";

type Stored = NonNullable<NonNullable<UploadItem["processing"]>["stored"]>;

/** Names the re-encoded bytes in the object's metadata: a replay sees the replacement is done. */
const SHA256_METADATA = "processed-sha256";

export interface ProductionObject {
  bytes: Uint8Array;
  etag: string;
}

function productionKey(upload: UploadItem): string {
  return Keys.production(upload.ownerId, upload.uploadId, upload.contentType);
}

/** The production object's bytes, or undefined when it is not there (moved by another delivery). */
export async function readProduction(upload: UploadItem): Promise<ProductionObject | undefined> {
  try {
    const object = await s3().send(
      new GetObjectCommand({ Bucket: settings().buckets.production, Key: productionKey(upload) }),
    );
    const bytes = await object.Body!.transformToByteArray();
    return { bytes, etag: normalizeEtag(object.ETag ?? "") };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw fault("GetObject", upload, error);
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}

/** The production object's headers: whether it carries the replacement, and what a replacement keeps. */
export async function headProduction(upload: UploadItem): Promise<HeadObjectCommandOutput> {
  try {
    return await s3().send(
      new HeadObjectCommand({ Bucket: settings().buckets.production, Key: productionKey(upload) }),
    );
  } catch (error) {
    if (isMissing(error)) throw new ProcessFault(`${productionKey(upload)} is not in production`);
    throw fault("HeadObject", upload, error);
  }
}

/** What production holds when its headers name the replacement with this hash. */
export function storedReplacement(head: HeadObjectCommandOutput, expectedSha256: string): Stored | undefined {
  if (head.Metadata?.[SHA256_METADATA] !== expectedSha256) return undefined;
  return { sizeBytes: head.ContentLength ?? 0, etag: normalizeEtag(head.ETag ?? ""), checksumSha256: expectedSha256 };
}

/**
 * Writes the re-encoded bytes over the production object, keeping its type, name,
 * metadata and encryption (from `current`, its headers: `headProduction`), with a SHA-256
 * S3 checks on arrival.
 */
export async function replaceProduction(
  upload: UploadItem,
  bytes: Uint8Array,
  current: HeadObjectCommandOutput,
): Promise<Stored> {
  const { buckets } = settings();
  const Key = productionKey(upload);
  try {
    const checksumSha256 = sha256(bytes);
    const put = await s3().send(
      new PutObjectCommand({
        Bucket: buckets.production,
        Key,
        Body: bytes,
        ContentLength: bytes.length,
        ChecksumSHA256: checksumSha256,
        ContentType: current.ContentType ?? upload.contentType,
        ContentDisposition: current.ContentDisposition ?? Keys.contentDisposition(upload.filename),
        Metadata: { ...current.Metadata, [SHA256_METADATA]: checksumSha256 },
        ...(current.ServerSideEncryption === "aws:kms"
          ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: current.SSEKMSKeyId, BucketKeyEnabled: true }
          : { ServerSideEncryption: "AES256" }),
      }),
    );
    return { sizeBytes: bytes.length, etag: normalizeEtag(put.ETag ?? ""), checksumSha256 };
  } catch (error) {
    throw fault("PutObject", upload, error);
  }
}

/**
 * Copies the production object to quarantine, then deletes it from production. When
 * production is already empty, a quarantined copy means a first run got that far.
 */
export async function quarantineProduction(upload: UploadItem, reason: string): Promise<void> {
  const { buckets } = settings();
  const source = productionKey(upload);
  const target = Keys.quarantine(upload.ownerId, upload.uploadId, upload.contentType);
  try {
    await s3().send(
      new CopyObjectCommand({
        CopySource: `${buckets.production}/${source.split("/").map(encodeURIComponent).join("/")}`,
        Bucket: buckets.quarantine,
        Key: target,
        MetadataDirective: "REPLACE",
        Metadata: { "upload-id": upload.uploadId, "owner-id": upload.ownerId, purpose: upload.purpose, reason },
        // Quarantined bytes are never served; they keep no type a browser would render.
        ContentType: "application/octet-stream",
        ContentDisposition: Keys.contentDisposition(upload.filename),
        ServerSideEncryption: "AES256",
      }),
    );
  } catch (error) {
    if (!isMissing(error)) throw fault("CopyObject", upload, error);
    if (!(await objectExists(buckets.quarantine, target, ProcessFault))) {
      throw new ProcessFault(`${source} left production but never reached quarantine`);
    }
  }
  await s3()
    .send(new DeleteObjectCommand({ Bucket: buckets.production, Key: source }))
    .catch((error) => {
      throw fault("DeleteObject", upload, error);
    });
}

function fault(operation: string, upload: UploadItem, error: unknown): ProcessFault {
  return new ProcessFault(`S3 ${operation} ${productionKey(upload)}: ${(error as Error).message}`, { cause: error });
}
