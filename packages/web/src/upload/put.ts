// One PUT of a file to a presigned URL. XMLHttpRequest, not fetch: only XHR reports
// upload progress in every browser.
import { ProgressMeter, type UploadProgress } from "./progress";

export interface PutTarget {
  url: string;
  headers: Record<string, string>;
}

export interface PutOptions {
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Storage refused the PUT; `code` is S3's error code (SignatureDoesNotMatch, AccessDenied…). */
export class PutError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = "PutError";
  }
}

function s3Error(status: number, body: string): PutError {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const detail = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  const reason = [code, detail].filter(Boolean).join(": ");
  return new PutError(`Storage refused the upload (HTTP ${status}${reason ? `, ${reason}` : ""}).`, status, code);
}

export function putFile(file: Blob, target: PutTarget, options: PutOptions = {}): Promise<{ etag: string }> {
  const { onProgress, signal } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException("Upload cancelled", "AbortError"));

    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const settle = () => signal?.removeEventListener("abort", onAbort);

    xhr.open("PUT", target.url);
    // Exactly the signed headers; the browser adds Content-Length from the body.
    for (const [name, value] of Object.entries(target.headers)) xhr.setRequestHeader(name, value);

    const meter = new ProgressMeter(file.size);
    xhr.upload.onprogress = (event) => onProgress?.(meter.update(event.loaded));
    xhr.onload = () => {
      settle();
      if (xhr.status < 200 || xhr.status >= 300) return reject(s3Error(xhr.status, xhr.responseText));
      const etag = xhr.getResponseHeader("ETag");
      if (!etag) {
        return reject(new PutError("Storage sent no ETag: is it exposed by the bucket's CORS rules?", xhr.status));
      }
      onProgress?.(meter.update(file.size));
      resolve({ etag });
    };
    xhr.onerror = () => {
      settle();
      reject(new PutError("Could not reach storage (network or CORS error).", 0));
    };
    xhr.onabort = () => {
      settle();
      reject(new DOMException("Upload cancelled", "AbortError"));
    };

    signal?.addEventListener("abort", onAbort, { once: true });
    xhr.send(file);
  });
}
