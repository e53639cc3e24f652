// How one part's bytes reach its presigned URL. XMLHttpRequest in the browser (only XHR
// reports upload progress everywhere), fetch elsewhere; tests inject their own.

export interface PartRequest {
  url: string;
  body: Blob;
  signal?: AbortSignal;
  /** Bytes of this part sent so far. */
  onProgress?: (loaded: number) => void;
}

/** Any answer from storage, 2xx or not. */
export interface PartResponse {
  status: number;
  etag?: string;
  /** S3's XML error body, when there is one. */
  text: string;
}

/** Rejects with NetworkError when no answer came back, AbortError when `signal` aborted. */
export type Transport = (request: PartRequest) => Promise<PartResponse>;

export class NetworkError extends Error {
  constructor(message = "Could not reach storage (network or CORS error)") {
    super(message);
    this.name = "NetworkError";
  }
}

const aborted = () => new DOMException("Upload paused or cancelled", "AbortError");

export const xhrTransport: Transport = ({ url, body, signal, onProgress }) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(aborted());
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const settle = () => signal?.removeEventListener("abort", onAbort);
    xhr.open("PUT", url);
    xhr.upload.onprogress = (event) => onProgress?.(event.loaded);
    xhr.onload = () => {
      settle();
      resolve({ status: xhr.status, etag: xhr.getResponseHeader("ETag") ?? undefined, text: xhr.responseText });
    };
    xhr.onerror = () => {
      settle();
      reject(new NetworkError());
    };
    xhr.onabort = () => {
      settle();
      reject(aborted());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    xhr.send(body);
  });

/** No progress while a part is in flight: fetch cannot report upload progress. */
export const fetchTransport: Transport = async ({ url, body, signal }) => {
  let response: Response;
  try {
    response = await fetch(url, { method: "PUT", body, signal });
  } catch (error) {
    if (signal?.aborted) throw aborted();
    throw new NetworkError(`Could not reach storage: ${(error as Error).message}`);
  }
  return { status: response.status, etag: response.headers.get("etag") ?? undefined, text: await response.text() };
};

export const defaultTransport: Transport = (request) =>
  (typeof XMLHttpRequest === "function" ? xhrTransport : fetchTransport)(request);
