import { db } from "@intake/core/dynamo";
import { describe, expect, it } from "vitest";
import { newUser, put, single } from "@intake/testing/api";
import { pdf } from "@intake/testing/files";
import { settled } from "@intake/testing/scan";

describe("concurrent confirms", () => {
  it("50 confirms of one upload at once leave exactly one transition", async () => {
    const { api } = await newUser();
    const body = pdf({ size: 2000 });
    const started = single(
      await api.upload.initiate.mutate({
        purpose: "invoice",
        filename: "c.pdf",
        contentType: "application/pdf",
        sizeBytes: body.length,
      }),
    );
    const etag = (await put(started.url, started.headers, body)).headers.get("etag")!;

    const results = await Promise.all(
      Array.from({ length: 50 }, () => api.upload.confirm.mutate({ uploadId: started.uploadId, etag })),
    );
    // The scan consumer races the confirms out of pending: either one confirm moved the
    // upload to received (and says so) or the scanner got there first and none did.
    expect(results.every((r) => ["received", "scanning", "processing", "ready"].includes(r.status))).toBe(true);
    const confirmedFirst = results.filter((r) => r.status === "received").length > 0;
    expect((await settled(api, started.uploadId)).status).toBe("ready");
    const after = await db().upload.get({ uploadId: started.uploadId }).go({ consistent: true });
    // One write per step: pending (→ received) → scanning → processing → ready.
    expect(after.data?.revision).toBe(confirmedFirst ? 4 : 3);
  });
});
