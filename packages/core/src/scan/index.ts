export * as Scan from "./";

import { z } from "zod";
import { Actor } from "../actor";
import { Keys } from "../keys";
import { describeError, log } from "../log";
import { settings } from "../settings";
import { traits } from "../upload/lifecycle";
import { Store, type UploadItem } from "../upload/store";
import { enqueue as enqueueProcessing } from "../process/queue";
import { fn } from "../validate";
import { queueScan } from "./queue";
import { scanStream, type ClamdResult } from "./clamd";
import { checkType, type TypeCheck } from "./detect";
import { inTurn } from "./clamd-turns";
import { createdObjects, type CreatedObject } from "./event";
import { ScanFault } from "./fault";
import { peek } from "./peek";
import { isJar } from "./polyglot";
import { watchStream } from "./tail";
import { begin, finish, giveUp, record, recordedOutcome } from "./progress";
import { discardStaged, moveOut, openStaged, readStagedRange } from "./storage";
import { isUnscannable, type Outcome, type Verdict } from "./verdict";

export { ScanFault } from "./fault";
export { quarantineReasons, scanFailedReason, verdicts, type Outcome, type Verdict } from "./verdict";

/** Enough for file-type to name every format it knows (it needs ~4 KB for most). */
const HEAD_BYTES = 64 * 1024;
/** Enough for a ZIP's end record and most central directories (a larger one is read on its own). */
const TAIL_BYTES = 256 * 1024;

export const MessageInput = z.object({
  body: z.string(),
  /** How many times the queue has delivered this message, this time included. */
  receiveCount: z.number().int().positive(),
});

/**
 * Handles one scan-queue message. Resolves when every object it names is settled or
 * ignored; throws when the queue should deliver it again. A throw on the last receive the
 * queue allows first marks the upload `failed` (the message then goes to the dead-letter queue).
 */
export const handleMessage = fn(MessageInput, async ({ body, receiveCount }) => {
  Actor.system();
  const { objects, skipped } = createdObjects(body);
  if (skipped > 0) log("warn", "scan: skipped records that are not ObjectCreated events", { skipped });
  for (const object of objects) {
    try {
      await handleObject(object);
    } catch (error) {
      const last = receiveCount >= settings().scan.maxReceives;
      log("error", "scan: fault", { key: object.key, receiveCount, last, error: describeError(error) });
      if (last) await failUpload(object);
      throw error;
    }
  }
});

/**
 * The verdict for a file: a virus outranks a bad type, which outranks what clamd could not
 * look into (encrypted, past a limit), which outranks clean. Never clean when clamd named anything.
 */
export function verdict(type: TypeCheck, clamd: ClamdResult): Verdict {
  if (clamd.infected && !clamd.signatures.every(isUnscannable)) return "infected";
  if (type.problem === "FORBIDDEN_TYPE") return "forbidden_type";
  if (type.problem === "TYPE_MISMATCH") return "type_mismatch";
  if (clamd.infected) return "unscannable";
  return "clean";
}

/** Queues the upload's staged object for scanning again (the sweeper, for stuck uploads). */
export async function enqueue(upload: UploadItem): Promise<void> {
  Actor.system();
  await queueScan(upload);
}

async function handleObject(object: CreatedObject): Promise<void> {
  const upload = await uploadFor(object);
  if (!upload) return;
  const begun = await begin(upload, object.etag);
  if (!begun.scanning) {
    log("info", "scan: nothing to do", { uploadId: upload.uploadId, why: begun.why });
    // A redelivery after a crash between the clean verdict and queueing its processing.
    if (begun.upload.status === "processing") await enqueueProcessing(begun.upload);
    // A late re-PUT after the upload moved on (or was abandoned) is left over: safe to delete.
    if (traits[begun.upload.status].staged === "discard") await discardStaged(upload.stagingKey);
    return;
  }
  const settled = await settle(begun.upload);
  if (!settled) {
    log("info", "scan: another delivery finished it", { uploadId: upload.uploadId });
    return;
  }
  await moveOut(settled.upload, settled.outcome);
  const done = await finish(settled.upload, settled.outcome);
  if (done?.status === "processing") await enqueueProcessing(done);
  log("info", "scan: done", {
    uploadId: upload.uploadId,
    verdict: settled.outcome.verdict,
    status: done?.status ?? "(moved by another delivery)",
    signatures: settled.outcome.signatures.length > 0 ? settled.outcome.signatures : undefined,
  });
}

/**
 * The outcome that stands for an upload in `scanning`: the recorded one (a replay after a
 * crash), or a fresh inspection, recorded before anything moves. Undefined once the upload
 * has left `scanning`.
 */
async function settle(upload: UploadItem): Promise<{ upload: UploadItem; outcome: Outcome } | undefined> {
  const recorded = recordedOutcome(upload);
  if (recorded) return { upload, outcome: recorded };
  const outcome = await inTurn(upload.ownerId, () => inspect(upload));
  if (outcome) return record(upload, outcome);
  // Staging is empty: a concurrent delivery may have recorded, moved and finished meanwhile.
  const current = await Store.get(upload.uploadId);
  if (current?.status !== "scanning") return undefined;
  const theirs = recordedOutcome(current);
  if (theirs) return { upload: current, outcome: theirs };
  throw new ScanFault(`${upload.stagingKey} is not in staging and no verdict was recorded`);
}

/**
 * Reads the staged object once: the type from its first bytes, then all of it through clamd,
 * watching its end for a second format.
 */
async function inspect(upload: UploadItem): Promise<Outcome | undefined> {
  const staged = await openStaged(upload);
  if (!staged) return undefined;
  const { head, stream } = await peek(staged.body, HEAD_BYTES);
  try {
    const allowed = settings().purposes[upload.purpose].contentTypes;
    let type = await checkType(head, { declared: upload.contentType, allowed });
    let clamd: ClamdResult;
    if (head.length === 0) {
      clamd = { infected: false }; // nothing to scan; checkType already refused it
    } else {
      const watched = watchStream(stream, type.detectedType, TAIL_BYTES);
      clamd = await scanStream(watched.stream);
      if (!clamd.infected && !watched.ended()) throw new ScanFault("clamd answered before the whole file was read");
      if (!type.problem && !clamd.infected) {
        const second = await secondFormat(upload, staged, type.detectedType, watched);
        if (second) {
          log("warn", "scan: a file that is two formats at once", { first: type.detectedType, second });
          type = { detectedType: second, problem: "FORBIDDEN_TYPE" };
        }
      }
    }
    return {
      verdict: verdict(type, clamd),
      detectedType: type.detectedType,
      signatures: clamd.infected ? clamd.signatures : [],
      etag: staged.etag,
    };
  } finally {
    stream.destroy();
  }
}

/** The second format a file of `detectedType` also is (named as its content type), or undefined. */
async function secondFormat(
  upload: UploadItem,
  staged: { etag: string; sizeBytes: number },
  detectedType: string,
  watched: ReturnType<typeof watchStream>,
): Promise<string | undefined> {
  if (watched.htmlAfterEnd()) return "text/html";
  if (detectedType !== "application/epub+zip") return undefined;
  const readRange = (start: number, length: number) => readStagedRange(upload, staged.etag, start, length);
  return (await isJar(watched.tail(), staged.sizeBytes, readRange)) ? "application/java-archive" : undefined;
}

async function uploadFor(object: CreatedObject): Promise<UploadItem | undefined> {
  const ignore = (why: string) => {
    log("warn", "scan: ignored", { bucket: object.bucket, key: object.key, why });
    return undefined;
  };
  if (object.bucket !== settings().buckets.staging) return ignore("not the staging bucket");
  const ids = Keys.parseStaging(object.key);
  if (!ids) return ignore("not a staging key");
  const upload = await Store.get(ids.uploadId);
  if (!upload || upload.ownerId !== ids.ownerId || upload.stagingKey !== object.key) return ignore("no such upload");
  return upload;
}

async function failUpload(object: CreatedObject): Promise<void> {
  try {
    const ids = Keys.parseStaging(object.key);
    const upload = ids && (await Store.get(ids.uploadId));
    const failed = upload && (await giveUp(upload));
    if (failed) log("error", "scan: retries exhausted, upload failed", { uploadId: failed.uploadId });
  } catch (error) {
    log("error", "scan: could not mark the upload failed", { key: object.key, error: describeError(error) });
  }
}
