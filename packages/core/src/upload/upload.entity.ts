import { Entity, type EntityItem } from "electrodb";
import { names as purposes } from "../purpose";
import { statuses } from "./lifecycle";
import { engines, kinds } from "../fields/fields";
import { processingOutcomes } from "../process/outcome";
import { verdicts } from "../scan/verdict";

const now = () => new Date().toISOString();

/** An invoice's fields as stored: the values (strings), or one number per field (confidences). */
function invoiceFields<T extends "string" | "number">(type: T) {
  return {
    vendor: { type },
    invoiceNumber: { type },
    invoiceDate: { type },
    dueDate: { type },
    total: { type },
    currency: { type },
  } as const;
}

export const uploadEntity = new Entity({
  model: { entity: "upload", version: "1", service: "intake" },
  attributes: {
    uploadId: { type: "string", required: true, readOnly: true },
    ownerId: { type: "string", required: true, readOnly: true },
    ownerEmail: { type: "string" },
    purpose: { type: purposes, required: true, readOnly: true },
    filename: { type: "string", required: true, readOnly: true },
    contentType: { type: "string", required: true, readOnly: true },
    sizeBytes: { type: "number", required: true, readOnly: true },
    checksumSha256: { type: "string", readOnly: true },
    title: { type: "string" },
    author: { type: "string" },
    description: { type: "string" },
    status: { type: statuses, required: true },
    statusReason: { type: "string" },
    stagingKey: { type: "string", required: true, readOnly: true },
    etag: { type: "string" },
    /** Multipart uploads only: S3's upload id and the plan the client must follow. */
    multipartUploadId: { type: "string", readOnly: true },
    partSize: { type: "number", readOnly: true },
    partCount: { type: "number", readOnly: true },
    /** Parts S3 held when last counted (see Multipart.progress). */
    partsUploaded: { type: "number" },
    /** Deadline for the bytes to arrive while pending. */
    expiresAt: { type: "string", required: true },
    /** The scan's outcome, recorded before the file is moved so a replay knows where it went. */
    scanVerdict: { type: verdicts },
    detectedType: { type: "string" },
    signatures: { type: "list", items: { type: "string" } },
    /** ETag of the bytes that were scanned: the only version copied out of staging. */
    scannedEtag: { type: "string" },
    scannedAt: { type: "string" },
    /** Scan-queue receives while scanning; bounds the sweeper's re-enqueues. */
    scanAttempts: { type: "number", default: 0 },
    /** Processing-queue receives while processing; bounds the sweeper's re-enqueues. */
    processAttempts: { type: "number", default: 0 },
    /** The owner's correction of an invoice's fields, kept beside the extraction in `processing.fields`. */
    fieldsCorrection: {
      type: "map",
      properties: { ...invoiceFields("string"), correctedAt: { type: "string" } },
    },
    /**
     * Processing's result, recorded before anything moves so a replay knows what to finish:
     * the outcome, what disarm removed or found, the document's metadata, and (once the
     * re-encoded file replaced the production object) what is stored now.
     */
    processing: {
      type: "map",
      properties: {
        outcome: { type: processingOutcomes, required: true },
        disarm: { type: ["reencoded", "checked"] as const },
        removed: { type: "list", items: { type: "string" } },
        found: { type: "list", items: { type: "string" } },
        detail: { type: "string" },
        metadata: {
          type: "map",
          properties: {
            pageCount: { type: "number" },
            width: { type: "number" },
            height: { type: "number" },
            title: { type: "string" },
            author: { type: "string" },
            language: { type: "string" },
            documentDate: { type: "string" },
          },
        },
        /** Invoices and receipts: the fields read from the document (see fields/fields.ts). */
        fields: {
          type: "map",
          properties: {
            ...invoiceFields("string"),
            confidence: { type: "number" },
            kind: { type: kinds },
            engine: { type: engines },
            /** Each field's confidence, where it is low. */
            lowConfidence: { type: "map", properties: invoiceFields("number") },
          },
        },
        /** SHA-256 (base64) of the re-encoded bytes that are to replace the production object. */
        replacementSha256: { type: "string" },
        stored: {
          type: "map",
          properties: {
            sizeBytes: { type: "number" },
            etag: { type: "string" },
            checksumSha256: { type: "string" },
          },
        },
        processedAt: { type: "string" },
      },
    },
    /** Times it was tried again after failing on a fault (the sweeper, or an admin); bounded by INTAKE_RECOVERY_MAX. */
    recoveries: { type: "number", default: 0 },
    /** When the sweeper last re-enqueued it. */
    requeuedAt: { type: "string" },
    reviewedBy: { type: "string" },
    reviewedAt: { type: "string" },
    reviewNote: { type: "string" },
    /** Incremented by every status transition: proof that a transition happened once. */
    revision: { type: "number", required: true, default: 0 },
    createdAt: { type: "string", required: true, readOnly: true, default: now },
    updatedAt: { type: "string", required: true, default: now, watch: "*", set: () => now() },
  },
  indexes: {
    byId: {
      pk: { field: "pk", composite: ["uploadId"] },
      sk: { field: "sk", composite: [] },
    },
    byOwner: {
      index: "gsi1",
      pk: { field: "gsi1pk", composite: ["ownerId"] },
      sk: { field: "gsi1sk", composite: ["createdAt", "uploadId"] },
    },
    byStatus: {
      index: "gsi2",
      pk: { field: "gsi2pk", composite: ["status"] },
      sk: { field: "gsi2sk", composite: ["createdAt", "uploadId"] },
    },
    // Everyone's uploads, newest first, for admins. One partition caps this index near 1,000
    // writes a second: plenty here; shard the key if that ever is not.
    byCreated: {
      index: "gsi3",
      pk: { field: "gsi3pk", composite: [] },
      sk: { field: "gsi3sk", composite: ["createdAt", "uploadId"] },
    },
  },
});

export type UploadItem = EntityItem<typeof uploadEntity>;
