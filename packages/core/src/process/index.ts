export * as Process from "./";

import { z } from "zod";
import { Actor } from "../actor";
import { InvoiceFields } from "../fields";
import { describeError, log } from "../log";
import { settings } from "../settings";
import { Store, type UploadItem } from "../upload/store";
import { fn } from "../validate";
import { Keys } from "../keys";
import { inspect } from "./inspect";
import { uploadIdOf } from "./queue";
import { type Inspection, type Limits, ProcessFault } from "./inspection";
import { begin, finish, giveUp, record, toRecord, type ProcessingRecord } from "./progress";
import {
  headProduction,
  quarantineProduction,
  readProduction,
  replaceProduction,
  sha256,
  storedReplacement,
} from "./storage";

export { enqueue, Message, uploadIdOf } from "./queue";
export { ProcessFault, type Inspection, type Limits, type Metadata } from "./inspection";
export { processingFailedReason, processingOutcomes, processingQuarantineReasons } from "./outcome";

export const MessageInput = z.object({
  body: z.string(),
  /** How many times the queue has delivered this message, this time included. */
  receiveCount: z.number().int().positive(),
});

/**
 * Handles one processing-queue message. Resolves when the upload is settled (or needs
 * nothing); throws when the queue should deliver it again. A throw on the last receive the
 * queue allows first marks the upload `failed`.
 */
export const handleMessage = fn(MessageInput, async ({ body, receiveCount }) => {
  Actor.system();
  const uploadId = uploadIdOf(body);
  if (!uploadId) {
    log("warn", "process: ignored a message that names no upload", { body: body.slice(0, 200) });
    return;
  }
  try {
    await handleUpload(uploadId);
  } catch (error) {
    const last = receiveCount >= settings().processing.maxReceives;
    log("error", "process: fault", { uploadId, receiveCount, last, error: describeError(error) });
    if (last) await giveUp(await mustGet(uploadId));
    throw error;
  }
});

export function limits(): Limits {
  const { processing } = settings();
  return {
    timeoutMs: processing.timeoutSeconds * 1000,
    memoryMb: processing.memoryMb,
    maxPixels: processing.maxPixels,
    zip: processing.zip,
  };
}

async function handleUpload(uploadId: string): Promise<void> {
  const begun = await begin(uploadId);
  if (!begun) {
    log("info", "process: nothing to do", { uploadId });
    return;
  }
  const settled = await settle(begun);
  if (!settled) {
    log("info", "process: another delivery finished it", { uploadId });
    return;
  }
  const { upload, record: result, replacement } = settled;
  let done: UploadItem | undefined;
  if (result.outcome === "clean") {
    const stored = result.replacementSha256 ? await ensureReplaced(upload, result, replacement) : undefined;
    done = await finish(upload, result, stored);
  } else {
    await quarantineProduction(upload, result.outcome);
    done = await finish(upload, result);
  }
  log("info", "process: done", {
    uploadId,
    outcome: result.outcome,
    status: done?.status ?? "(moved by another delivery)",
    removed: result.removed?.length ? result.removed : undefined,
    found: result.found?.length ? result.found : undefined,
  });
}

/**
 * The result that stands for an upload in `processing`: the recorded one (a replay after a
 * crash), or a fresh inspection of the production object, recorded before anything moves.
 */
async function settle(
  upload: UploadItem,
): Promise<{ upload: UploadItem; record: ProcessingRecord; replacement?: Uint8Array } | undefined> {
  if (upload.processing) return { upload, record: upload.processing };
  const original = await readProduction(upload);
  if (!original) {
    // A concurrent delivery may have recorded and moved it to quarantine meanwhile.
    const current = await Store.get(upload.uploadId);
    if (current?.status !== "processing") return undefined;
    if (current.processing) return { upload: current, record: current.processing };
    throw new ProcessFault(`${upload.uploadId} is processing but its production object is missing`);
  }
  const wantsFields = (InvoiceFields.purposes as readonly string[]).includes(upload.purpose);
  const inspection = await inspect(original.bytes, upload.contentType, limits(), { text: wantsFields });
  const replacement = inspection.result === "clean" ? inspection.replacement : undefined;
  const fields =
    wantsFields && inspection.result === "clean" ? await fieldsOf(upload, original.bytes, inspection) : undefined;
  const recorded = await record(upload, toRecord(inspection, replacement && sha256(replacement), fields));
  if (!recorded) return undefined;
  return { upload: recorded.upload, record: recorded.record, replacement: recorded.ours ? replacement : undefined };
}

/**
 * Makes production hold the re-encoded bytes. On a replay the bytes are made again from the
 * original (re-encoding is deterministic for one build); when production already carries
 * them, nothing is written.
 */
async function ensureReplaced(upload: UploadItem, result: ProcessingRecord, replacement: Uint8Array | undefined) {
  const expected = result.replacementSha256!;
  // One HEAD tells whether a first delivery already wrote the replacement and gives the headers it keeps.
  const current = await headProduction(upload);
  const already = storedReplacement(current, expected);
  if (already) return already;
  let bytes = replacement;
  if (!bytes) {
    const original = await readProduction(upload);
    if (!original) throw new ProcessFault(`${upload.uploadId}: the production object vanished while processing`);
    const again = await inspect(original.bytes, upload.contentType, limits());
    if (again.result !== "clean" || !again.replacement) {
      throw new ProcessFault(`${upload.uploadId}: re-encoding again did not give a replacement`);
    }
    bytes = again.replacement;
  }
  return replaceProduction(upload, bytes, current);
}

/** An invoice's or receipt's fields, read before the result is recorded so a replay keeps them. */
function fieldsOf(upload: UploadItem, bytes: Uint8Array, inspection: Extract<Inspection, { result: "clean" }>) {
  const { timeoutMs, maxPixels } = limits();
  return InvoiceFields.fields({
    bytes,
    contentType: upload.contentType,
    purpose: upload.purpose as InvoiceFields.Document["purpose"],
    text: inspection.text,
    pageCount: inspection.metadata.pageCount,
    location: {
      bucket: settings().buckets.production,
      key: Keys.production(upload.ownerId, upload.uploadId, upload.contentType),
    },
    limits: { timeoutMs, maxPixels },
  });
}

async function mustGet(uploadId: string): Promise<UploadItem> {
  const upload = await Store.get(uploadId);
  if (!upload) throw new Error(`Upload ${uploadId} does not exist`);
  return upload;
}
