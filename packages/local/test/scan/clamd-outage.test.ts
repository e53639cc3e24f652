// A clamd outage must not wedge S3 (issue 16, item 2): every failed scan closes the S3 body it
// opened, so after many the connection pool still answers. A stack of its own whose clamd port
// has nothing listening (clamd down, for real); its consumer is paused so only these scans run.
import { HeadObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { s3 } from "@intake/core/aws";
import { Actor } from "@intake/core/actor";
import { db } from "@intake/core/dynamo";
import { Keys } from "@intake/core/keys";
import { Scan } from "@intake/core/scan";
import { messageFor } from "@intake/core/scan/event";
import { settings } from "@intake/core/settings";
import { Store } from "@intake/core/upload/store";
import { randomUUID } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { pdf } from "@intake/testing/files";
import { freePort } from "../../src/net";
import { startStack, type Stack } from "../../src/stack";

let dataDir: string;
let stack: Stack;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "intake-clamd-outage-"));
  await chmod(dataDir, 0o755);
  stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    clamd: { host: "127.0.0.1", port: await freePort() }, // nobody listens: clamd is down
    scan: { sweepIntervalMs: 3_600_000, waitTimeSeconds: 1 },
    tunables: { INTAKE_LOG_LEVEL: "error" },
  });
  await stack.consumers.scan.pause();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** A staged PDF and its upload, as a browser's PUT would leave them. */
async function stagedUpload() {
  const ownerId = `outage_${randomUUID().slice(0, 8)}`;
  const uploadId = `upl_${randomUUID().replaceAll("-", "")}`;
  const stagingKey = Keys.staging(ownerId, uploadId, "application/pdf");
  // Larger than one socket read, so a body left open holds its connection.
  const body = pdf({ size: 256 * 1024 });
  const put = await s3().send(
    new PutObjectCommand({
      Bucket: settings().buckets.staging,
      Key: stagingKey,
      Body: body,
      ContentType: "application/pdf",
    }),
  );
  await db()
    .upload.create({
      uploadId,
      ownerId,
      purpose: "statement",
      filename: "s.pdf",
      contentType: "application/pdf",
      sizeBytes: body.length,
      status: "pending",
      stagingKey,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    .go();
  return { uploadId, stagingKey, etag: put.ETag!, sizeBytes: body.length };
}

it(
  "after 100 scans that could not reach clamd, S3 still answers and the upload is unharmed",
  () =>
    stack.run(async () => {
      const staged = await stagedUpload();
      const body = messageFor(
        { bucket: settings().buckets.staging, key: staged.stagingKey, etag: staged.etag, sizeBytes: staged.sizeBytes },
        settings().region,
      );
      let faults = 0;
      for (let i = 0; i < 100; i++) {
        await Actor.provide({ type: "system", properties: { name: "scanner" } }, () =>
          Scan.handleMessage({ body, receiveCount: 1 }),
        ).catch((error: Error) => {
          expect(`${error.name}: ${error.message}`).toMatch(/^ScanFault/);
          faults += 1;
        });
      }
      expect(faults).toBe(100);
      // More calls at once than the pool has sockets: each needs a free one.
      const heads = await Promise.all(
        Array.from({ length: 120 }, () =>
          s3().send(new HeadObjectCommand({ Bucket: settings().buckets.staging, Key: staged.stagingKey })),
        ),
      );
      expect(heads.every((head) => head.ContentLength === staged.sizeBytes)).toBe(true);
      // A fault is never a verdict.
      const upload = await Store.get(staged.uploadId);
      expect(upload?.status).toBe("scanning");
      expect(upload?.scanVerdict).toBeUndefined();
    }),
  120_000,
);
