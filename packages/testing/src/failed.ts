// An upload that really ends `failed`: its scan event arrives while its bytes are not in
// staging, so every delivery is a scanner fault until the queue's last receive gives up.
import { Keys } from "@intake/core/keys";
import { queueScan } from "@intake/core/scan/queue";
import { expect } from "vitest";
import { type client, single } from "./api";
import { pdf } from "./files";
import { settled } from "./scan";

type Api = ReturnType<typeof client>;

/** A `failed` SCAN_FAILED upload of `body` (not sent yet): PUT it to `url` before a re-scan. */
export async function failedScan(
  api: Api,
  owner: string,
  file: { filename: string; contentType: string; body: Buffer } = {
    filename: "invoice.pdf",
    contentType: "application/pdf",
    body: pdf(),
  },
) {
  const started = single(
    await api.upload.initiate.mutate({
      purpose: "invoice",
      filename: file.filename,
      contentType: file.contentType,
      sizeBytes: file.body.length,
    }),
  );
  const stagingKey = Keys.staging(owner, started.uploadId, file.contentType);
  await queueScan({ stagingKey, etag: undefined, sizeBytes: file.body.length });
  const upload = await settled(api, started.uploadId, 60_000);
  expect(upload).toMatchObject({ status: "failed", statusReason: "SCAN_FAILED" });
  return { uploadId: started.uploadId, url: started.url, headers: started.headers, body: file.body };
}
