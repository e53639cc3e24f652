import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { FilesystemStore } from "s3rver";
import { S3Fault, xmlEscape } from "./errors";

// s3rver keeps a multipart upload in <root>/<bucket>/._S3rver_uploads/<uploadId>/: a `key` file,
// a `metadata` file, and per part `<n>` (the bytes) and `<n>.md5`. The upload id is not tied to
// the key anywhere else, and UploadPart creates the directory for any id it is given.

export interface StoredPart {
  partNumber: number;
  etag: string; // unquoted hex md5
  size: number;
  lastModified: Date;
}

export interface RequestedPart {
  partNumber: number;
  etag: string;
}

const NO_SUCH_UPLOAD = () =>
  new S3Fault(
    "NoSuchUpload",
    "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
  );

/** The directory of an upload that exists for this bucket and key, else NoSuchUpload. */
export async function uploadDir(
  store: FilesystemStore,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<string> {
  // s3rver's ids are 32 hex characters; anything else could also walk out of the directory.
  if (!/^[0-9a-f]{32}$/.test(uploadId)) throw NO_SUCH_UPLOAD();
  const dir = join(store.getResourcePath(bucket, undefined, "uploads"), uploadId);
  const storedKey = await readFile(join(dir, "key"), "utf8").catch(() => undefined);
  if (storedKey !== key) throw NO_SUCH_UPLOAD();
  return dir;
}

export function parsePartNumber(value: string | null): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1 || n > 10_000) {
    throw new S3Fault("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
  }
  return n;
}

export async function storedParts(dir: string): Promise<StoredPart[]> {
  const names = (await readdir(dir)).filter((name) => /^\d+$/.test(name));
  const parts = await Promise.all(
    names.map(async (name) => {
      // The .md5 file is written after the bytes: a part without one is still arriving.
      const etag = await readFile(join(dir, `${name}.md5`), "utf8").catch(() => undefined);
      if (etag === undefined) return undefined;
      const info = await stat(join(dir, name));
      return { partNumber: Number(name), etag, size: info.size, lastModified: info.mtime };
    }),
  );
  return parts.filter((p) => p !== undefined).sort((a, b) => a.partNumber - b.partNumber);
}

export interface ListPartsInput {
  bucket: string;
  key: string;
  uploadId: string;
  maxParts: string | null;
  partNumberMarker: string | null;
}

export function listPartsXml(all: StoredPart[], input: ListPartsInput): string {
  const maxParts = input.maxParts === null ? 1000 : Number(input.maxParts);
  const marker = input.partNumberMarker === null ? 0 : Number(input.partNumberMarker);
  if (!Number.isInteger(maxParts) || maxParts < 0 || !Number.isInteger(marker) || marker < 0) {
    throw new S3Fault("InvalidArgument", "max-parts and part-number-marker must be non-negative integers");
  }
  const after = all.filter((p) => p.partNumber > marker);
  const page = after.slice(0, Math.min(maxParts, 1000));
  const truncated = after.length > page.length;
  const next = page.at(-1)?.partNumber ?? marker;
  const e = xmlEscape;
  const parts = page
    .map(
      (p) =>
        `<Part><PartNumber>${p.partNumber}</PartNumber><LastModified>${p.lastModified.toISOString()}</LastModified>` +
        `<ETag>${e(`"${p.etag}"`)}</ETag><Size>${p.size}</Size></Part>`,
    )
    .join("");
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Bucket>${e(input.bucket)}</Bucket><Key>${e(input.key)}</Key><UploadId>${e(input.uploadId)}</UploadId>` +
    `<StorageClass>STANDARD</StorageClass><PartNumberMarker>${marker}</PartNumberMarker>` +
    `<NextPartNumberMarker>${next}</NextPartNumberMarker><MaxParts>${maxParts}</MaxParts>` +
    `<IsTruncated>${truncated}</IsTruncated>${parts}</ListPartsResult>`
  );
}

/** The <Part> list of a CompleteMultipartUpload body. */
export function parseCompleteXml(xml: string): RequestedPart[] {
  const parts = [...xml.matchAll(/<Part>([\s\S]*?)<\/Part>/g)].map(([, body = ""]) => ({
    partNumber: Number(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/.exec(body)?.[1]),
    etag: (/<ETag>([\s\S]*?)<\/ETag>/.exec(body)?.[1] ?? "").replace(/&quot;|&#34;|"/g, "").trim(),
  }));
  if (!parts.length || parts.some((p) => !Number.isInteger(p.partNumber) || !p.etag)) {
    throw new S3Fault(
      "MalformedXML",
      "The XML you provided was not well-formed or did not validate against our published schema.",
    );
  }
  return parts;
}

/** S3's checks that s3rver skips: order, then existence and ETags, then the size of all but the last part. */
export function checkComplete(requested: RequestedPart[], stored: StoredPart[], minPartSize: number): void {
  if (requested.some((part, i) => i > 0 && part.partNumber <= requested[i - 1]!.partNumber)) {
    throw new S3Fault(
      "InvalidPartOrder",
      "The list of parts was not in ascending order. Parts must be ordered by part number.",
    );
  }
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  const found = requested.map((part) => {
    const match = byNumber.get(part.partNumber);
    if (!match || match.etag !== part.etag.toLowerCase()) {
      throw new S3Fault(
        "InvalidPart",
        "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
      );
    }
    return match;
  });
  if (found.slice(0, -1).some((part) => part.size < minPartSize)) {
    throw new S3Fault("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.");
  }
}

export function abortUpload(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}
