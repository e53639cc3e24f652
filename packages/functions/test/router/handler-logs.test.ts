// The queue and scheduled handlers name what they work on in every log line: the request
// (Lambda's awsRequestId) and the upload each line is about.
import { Actor } from "@intake/core/actor";
import { messageFor } from "@intake/core/scan/event";
import { Store } from "@intake/core/upload/store";
import type { Context, SQSEvent } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { afterEach, expect, it, vi } from "vitest";
import { handler } from "../../src/scan";
import { handler as sweep } from "../../src/sweeper";

afterEach(() => vi.restoreAllMocks());

it("a scan record's log lines carry the request id and the upload id its key names", async () => {
  const warnings: string[] = [];
  vi.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
  const record = (uploadId: string) => ({
    messageId: randomUUID(),
    body: messageFor(
      { bucket: "intake-staging", key: `staging/user_gone/${uploadId}.pdf`, sizeBytes: 10 },
      "us-east-1",
    ),
    attributes: { ApproximateReceiveCount: "1" },
  });
  const event = { Records: [record("upl_first"), record("upl_second")] } as unknown as SQSEvent;
  const awsRequestId = randomUUID();

  // Neither upload exists: each record is acknowledged with a warning, and nothing fails.
  await expect(handler(event, { awsRequestId } as Context)).resolves.toEqual({ batchItemFailures: [] });

  const ignored = warnings.map((line) => JSON.parse(line)).filter((line) => line.message === "scan: ignored");
  expect(ignored).toHaveLength(2);
  expect(ignored).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ requestId: awsRequestId, uploadId: "upl_first", why: "no such upload" }),
      expect.objectContaining({ requestId: awsRequestId, uploadId: "upl_second", why: "no such upload" }),
    ]),
  );
});

it("the sweeper's log lines carry the request id and the upload each is about", async () => {
  const warnings: string[] = [];
  vi.spyOn(console, "warn").mockImplementation((line: string) => void warnings.push(line));
  const uploadId = `upl_${randomUUID().replaceAll("-", "")}`;
  await Actor.provide({ type: "system", properties: { name: "test" } }, () =>
    Store.create({
      uploadId,
      ownerId: "user_sweep_logs",
      purpose: "invoice",
      filename: "late.pdf",
      contentType: "application/pdf",
      sizeBytes: 10,
      stagingKey: `staging/user_sweep_logs/${uploadId}.pdf`,
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    }),
  );
  const awsRequestId = randomUUID();

  // Expired, then its staged object cannot be deleted: this stack's S3 endpoint refuses connections.
  await expect(sweep(undefined, { awsRequestId } as Context)).resolves.toMatchObject({ expired: 1 });

  const lines = warnings.map((line) => JSON.parse(line));
  expect(lines).toContainEqual(
    expect.objectContaining({
      message: "sweep: could not delete what an expired upload staged",
      requestId: awsRequestId,
      uploadId,
    }),
  );
});
