// The multipart procedures: signParts, listParts, complete. Bytes go from the browser to S3;
// this only signs, checks and records.
export * as Multipart from "./multipart";

import { Actor } from "../actor";
import { IntakeError } from "../errors";
import { fn } from "../validate";
import { normalizeEtag } from "./etag";
import { traits } from "./lifecycle";
import { owned } from "./lookup";
import { CompleteInput, SignPartsInput } from "./multipart-schema";
import { completeParts, held, isMultipart, type MultipartItem, planOf, sign } from "./multipart-item";
import { describe, mismatch } from "./part-list";
import * as S3Multipart from "./s3-multipart";
import { ByIdInput } from "./schema";
import { Store } from "./store";
import type { UploadItem } from "./upload.entity";

/** The caller's own multipart upload; anyone else's is NOT_FOUND. */
async function ownedMultipart(uploadId: string, user: { userId: string }): Promise<MultipartItem> {
  const upload = await owned(uploadId, user);
  if (!isMultipart(upload)) throw new IntakeError("NOT_MULTIPART", "This upload is a single PUT: it has no parts");
  return upload;
}

function assertPending(upload: UploadItem): void {
  if (upload.status !== "pending") {
    throw new IntakeError("INVALID_STATE", `The upload is ${upload.status}`, { status: upload.status });
  }
}

export const signParts = fn(SignPartsInput, async ({ uploadId, partNumbers: numbers }) => {
  const upload = await ownedMultipart(uploadId, Actor.user());
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

export const listParts = fn(ByIdInput, async ({ uploadId }) => {
  const upload = await ownedMultipart(uploadId, Actor.user());
  assertPending(upload);
  const parts = await held(upload);
  return { parts: parts.map((p) => ({ partNumber: p.partNumber, etag: `"${p.etag}"`, sizeBytes: p.sizeBytes })) };
});

export const complete = fn(CompleteInput, async ({ uploadId, parts }) => {
  const user = Actor.user();
  const upload = await ownedMultipart(uploadId, user);
  if (upload.status !== "pending") return settled(upload);
  const listed = parts.map((part) => ({ partNumber: part.partNumber, etag: normalizeEtag(part.etag) }));
  let etag: string;
  try {
    const found = mismatch(listed, await held(upload), upload.sizeBytes, planOf(upload));
    if (found) throw new IntakeError("PARTS_MISMATCH", describe(found), { ...found, partCount: upload.partCount });
    etag = await completeParts(upload, listed);
  } catch (error) {
    // A complete that reached S3 but not the table (a dropped response, a concurrent call):
    // S3 has forgotten the upload, and the object is there.
    const object =
      error instanceof IntakeError && error.appCode === "OBJECT_MISSING" && (await S3Multipart.head(upload.stagingKey));
    if (!object || object.sizeBytes !== upload.sizeBytes) throw error;
    etag = object.etag;
  }
  const moved = await Store.transition(upload, { from: "pending", to: "received", set: { etag: normalizeEtag(etag) } });
  if (moved) return { uploadId, status: moved.status };
  return settled(await ownedMultipart(uploadId, user));
});

/** complete once the upload has moved on: the current status, unchanged. */
function settled(upload: UploadItem) {
  if (traits[upload.status].bytes === "abandoned") {
    throw new IntakeError("INVALID_STATE", `The upload is ${upload.status}`, { status: upload.status });
  }
  return { uploadId: upload.uploadId, status: upload.status };
}
