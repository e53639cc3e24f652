// The same file through tus: @tus/server with @tus/s3-store on the same local S3, sent by
// tus-js-client the way a browser sends a File (one PATCH, the store cuts 8 MiB parts).
import { s3ClientConfig } from "@intake/local/s3/server";
import { S3Store } from "@tus/s3-store";
import { Server } from "@tus/server";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as tus from "tus-js-client";
import { buckets, credentials, region } from "./bench-config";

const MiB = 1024 * 1024;

export async function startTus(s3Endpoint: string) {
  const datastore = new S3Store({
    partSize: 8 * MiB,
    s3ClientConfig: { bucket: buckets.tus, ...s3ClientConfig(s3Endpoint, credentials, region) },
  });
  const tusServer = new Server({ path: "/files", datastore });
  const http = createServer((req, res) => void tusServer.handle(req, res));
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(http.address() as AddressInfo).port}/files`;
  return {
    endpoint,
    stop: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}

export function tusUpload(endpoint: string, body: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(body, {
      endpoint,
      chunkSize: Infinity,
      retryDelays: null,
      metadata: { filename: "bench.pdf", filetype: "application/pdf" },
      onSuccess: () => resolve(upload.url ?? ""),
      onError: reject,
    });
    upload.start();
  });
}
