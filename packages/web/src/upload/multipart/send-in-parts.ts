// The multipart path from the page's side: resume a saved upload of the same file when S3
// still has it, else start from initiate's answer; remember it until it completes.
import type { AppCode } from "@intake/core/errors";
import { errorData } from "../../errors";
import type { MultipartApi, MultipartTarget } from "./api";
import { type MultipartOptions, type MultipartResult, MultipartUpload } from "./multipart-upload";
import { forget, type KeyValueStorage, load, save } from "./resume-store";

type FileLike = Blob & Pick<File, "name" | "lastModified">;

export interface SendInPartsOptions extends MultipartOptions {
  /** Where the upload is remembered across reloads; none means it is not. */
  storage?: KeyValueStorage;
  /** Aborting it cancels the upload (S3 drops the parts). */
  signal?: AbortSignal;
  /** The running upload, for pause and resume. */
  onStarted?: (upload: MultipartUpload) => void;
}

/** An upload that cannot go on: gone, finished or aborted elsewhere, or not multipart. */
const deadEnds = new Set<AppCode>(["NOT_FOUND", "INVALID_STATE", "OBJECT_MISSING", "NOT_MULTIPART"]);

/**
 * The saved multipart upload of this file for this purpose, if the server still has it
 * pending (checked with listParts); a saved upload that cannot go on is forgotten.
 */
export async function findResumable(
  api: MultipartApi,
  file: FileLike,
  purpose: string,
  storage: KeyValueStorage | undefined,
): Promise<MultipartTarget | undefined> {
  const saved = load(storage, file);
  if (!saved || saved.purpose !== purpose) return undefined;
  try {
    await api.upload.listParts.query({ uploadId: saved.uploadId });
    return { uploadId: saved.uploadId, partSize: saved.partSize, partCount: saved.partCount };
  } catch (error) {
    const appCode = errorData(error)?.appCode;
    if (appCode && deadEnds.has(appCode)) {
      forget(storage, file);
      return undefined;
    }
    throw error;
  }
}

export async function sendInParts(
  api: MultipartApi,
  file: FileLike,
  purpose: string,
  target: MultipartTarget,
  options: SendInPartsOptions = {},
): Promise<MultipartResult> {
  save(options.storage, file, purpose, target);
  const upload = new MultipartUpload(api, file, target, options);
  options.onStarted?.(upload);
  const cancel = () => void upload.cancel().catch(() => undefined);
  if (options.signal?.aborted) cancel();
  options.signal?.addEventListener("abort", cancel, { once: true });
  try {
    const result = await upload.done;
    forget(options.storage, file);
    return result;
  } catch (error) {
    if (options.signal?.aborted) forget(options.storage, file);
    throw error;
  } finally {
    options.signal?.removeEventListener("abort", cancel);
  }
}
