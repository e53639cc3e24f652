// The single-PUT path: initiate → PUT the bytes to the presigned URL → confirm.
// Takes a tRPC client rather than hooks so any caller (component, test, script) can use it.
import type { Inputs, TRPCClient } from "../trpc";
import type { MultipartUpload } from "./multipart/multipart-upload";
import type { UploadProgress } from "./progress";
import { browserStorage, load } from "./multipart/resume-store";
import { contentTypeOf } from "./purposes";
import { putWithRetry } from "./put-with-retry";

export type UploadFields = Pick<Inputs["upload"]["initiate"], "purpose" | "title" | "author" | "description">;

export interface SendOptions {
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
  /** Called once the server has an upload id, before any bytes move. */
  onInitiated?: (uploadId: string) => void;
  /** Multipart uploads only: the running upload, to pause and resume. */
  onMultipart?: (upload: MultipartUpload) => void;
  /** Multipart uploads only: paused, and the parts in flight at the pause have arrived. */
  onPauseSettled?: () => void;
}

export interface SendResult {
  uploadId: string;
  status: string;
}

// The multipart engine (Uppy) loads only when a file goes in parts: most uploads are one PUT.
const multipartEngine = () => import("./multipart/send-in-parts");

export async function sendFile(
  client: TRPCClient,
  file: File,
  fields: UploadFields,
  options: SendOptions = {},
): Promise<SendResult> {
  // Large files go in parts; a file picked again after a reload carries on where it stopped.
  const storage = browserStorage();
  const inParts = {
    storage,
    signal: options.signal,
    onProgress: options.onProgress,
    onStarted: options.onMultipart,
    onPauseSettled: options.onPauseSettled,
  };
  if (load(storage, file)) {
    const { findResumable, sendInParts } = await multipartEngine();
    const resumable = await findResumable(client, file, fields.purpose, storage);
    if (resumable) {
      options.onInitiated?.(resumable.uploadId);
      return sendInParts(client, file, fields.purpose, resumable, inParts);
    }
  }
  const initiated = await client.upload.initiate.mutate(
    { ...fields, filename: file.name, contentType: contentTypeOf(file), sizeBytes: file.size },
    { signal: options.signal },
  );
  options.onInitiated?.(initiated.uploadId);
  if (initiated.method === "MULTIPART") {
    const { sendInParts } = await multipartEngine();
    return sendInParts(client, file, fields.purpose, initiated, inParts);
  }
  try {
    const { etag } = await putWithRetry(
      file,
      { url: initiated.url, headers: initiated.headers },
      {
        signal: options.signal,
        onProgress: options.onProgress,
        refresh: async () => {
          const fresh = await client.upload.refresh.mutate({ uploadId: initiated.uploadId });
          if (!("url" in fresh)) throw new Error("The server refreshed parts for a single-PUT upload");
          return { url: fresh.url, headers: fresh.headers };
        },
      },
    );
    return await client.upload.confirm.mutate({ uploadId: initiated.uploadId, etag });
  } catch (error) {
    if (options.signal?.aborted) {
      // Best effort: the sweeper expires it anyway if this call fails.
      await client.upload.abort.mutate({ uploadId: initiated.uploadId }).catch(() => undefined);
    }
    throw error;
  }
}
