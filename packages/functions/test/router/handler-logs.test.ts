// The queue handlers name what they work on in every log line: the scan consumer's request
// (Lambda's awsRequestId) and, per record, the upload its staging key names.
import { messageFor } from "@intake/core/scan/event";
import type { Context, SQSEvent } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { afterEach, expect, it, vi } from "vitest";
import { handler } from "../../src/scan";

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
