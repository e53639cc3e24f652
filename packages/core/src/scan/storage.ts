// The scanner's S3 steps: read a staged object, copy it to production or quarantine, delete it.
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type CopyObjectCommandInput,
} from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import { isMissing, objectExists, s3 } from "../aws";
import { Keys } from "../keys";
import { settings } from "../settings";
import { normalizeEtag } from "../upload/etag";
import type { UploadItem } from "../upload/upload.entity";
import { ScanFault } from "./fault";
import type { Outcome } from "./verdict";

export interface StagedObject {
  body: Readable;
  etag: string;
  sizeBytes: number;
}

/** The staged bytes, or undefined when staging no longer has them. */
export async function openStaged(upload: UploadItem): Promise<StagedObject | undefined> {
  try {
    const object = await s3().send(
      new GetObjectCommand({
        Bucket: settings().buckets.staging,
        Key: upload.stagingKey,
        // Once confirmed, only the confirmed bytes are scanned.
        IfMatch: upload.etag ? `"${upload.etag}"` : undefined,
      }),
    );
    return {
      body: object.Body as Readable,
      etag: normalizeEtag(object.ETag ?? ""),
      sizeBytes: object.ContentLength ?? 0,
    };
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new ScanFault(`S3 GetObject ${upload.stagingKey}: ${(error as Error).message}`, { cause: error });
  }
}

/** `length` bytes of the scanned version from `start` (a ZIP's central directory, for one). */
export async function readStagedRange(
  upload: UploadItem,
  etag: string,
  start: number,
  length: number,
): Promise<Buffer> {
  try {
    const object = await s3().send(
      new GetObjectCommand({
        Bucket: settings().buckets.staging,
        Key: upload.stagingKey,
        IfMatch: `"${etag}"`,
        Range: `bytes=${start}-${start + length - 1}`,
      }),
    );
    return Buffer.from(await object.Body!.transformToByteArray());
  } catch (error) {
    throw new ScanFault(`S3 GetObject ${upload.stagingKey} (range): ${(error as Error).message}`, { cause: error });
  }
}

export function destination(upload: UploadItem, outcome: Pick<Outcome, "verdict">): { bucket: string; key: string } {
  const { buckets } = settings();
  const ids = [upload.ownerId, upload.uploadId, upload.contentType] as const;
  return outcome.verdict === "clean"
    ? { bucket: buckets.production, key: Keys.production(...ids) }
    : { bucket: buckets.quarantine, key: Keys.quarantine(...ids) };
}

/**
 * Copies the scanned version to its destination, then deletes it from staging. Safe to run
 * again: when staging is already empty, a copy that exists means the first run got that far.
 */
export async function moveOut(upload: UploadItem, outcome: Outcome): Promise<void> {
  const { buckets } = settings();
  const target = destination(upload, outcome);
  try {
    await s3().send(new CopyObjectCommand(copyInput(upload, outcome, target)));
  } catch (error) {
    if (!isMissing(error)) {
      throw new ScanFault(`S3 CopyObject ${upload.stagingKey} → ${target.bucket}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!(await objectExists(target.bucket, target.key, ScanFault))) {
      throw new ScanFault(`${upload.stagingKey} left staging but never reached ${target.bucket}`);
    }
  }
  await s3()
    .send(new DeleteObjectCommand({ Bucket: buckets.staging, Key: upload.stagingKey }))
    .catch((error) => {
      throw new ScanFault(`S3 DeleteObject ${upload.stagingKey}: ${(error as Error).message}`, { cause: error });
    });
}

function copyInput(
  upload: UploadItem,
  outcome: Outcome,
  target: { bucket: string; key: string },
): CopyObjectCommandInput {
  const { buckets, productionKmsKeyId } = settings();
  const clean = outcome.verdict === "clean";
  const metadata: Record<string, string> = {
    "upload-id": upload.uploadId,
    "owner-id": upload.ownerId,
    purpose: upload.purpose,
    verdict: outcome.verdict,
    "detected-type": outcome.detectedType,
  };
  if (outcome.signatures.length > 0) metadata.signatures = outcome.signatures.join(",");
  const kms = clean && productionKmsKeyId;
  return {
    CopySource: `${buckets.staging}/${upload.stagingKey.split("/").map(encodeURIComponent).join("/")}`,
    // Only the bytes that were checked may leave staging, whatever was put there since.
    CopySourceIfMatch: `"${outcome.etag}"`,
    Bucket: target.bucket,
    Key: target.key,
    MetadataDirective: "REPLACE",
    Metadata: metadata,
    // Quarantined bytes are never served; they keep no type a browser would render.
    ContentType: clean ? upload.contentType : "application/octet-stream",
    ContentDisposition: Keys.contentDisposition(Keys.servedFilename(upload.filename, upload.contentType)),
    ...(kms
      ? { ServerSideEncryption: "aws:kms", SSEKMSKeyId: productionKmsKeyId, BucketKeyEnabled: true }
      : { ServerSideEncryption: "AES256" }),
  };
}

/** Deletes a staged object nobody will scan (its upload expired or was aborted). */
export async function discardStaged(key: string): Promise<void> {
  await s3().send(new DeleteObjectCommand({ Bucket: settings().buckets.staging, Key: key }));
}
