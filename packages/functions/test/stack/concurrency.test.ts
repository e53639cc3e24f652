import { db } from "@intake/core/dynamo";
import { describe, expect, it } from "vitest";
import { newUser, pdfBytes, put } from "./helpers";

describe("concurrent confirms", () => {
  it("50 confirms of one upload at once leave exactly one transition", async () => {
    const { api } = await newUser();
    const body = pdfBytes(2000);
    const started = await api.upload.initiate.mutate({
      purpose: "invoice",
      filename: "c.pdf",
      contentType: "application/pdf",
      sizeBytes: body.length,
    });
    const etag = (await put(started.url, started.headers, body)).headers.get("etag")!;
    const before = await db().upload.get({ uploadId: started.uploadId }).go({ consistent: true });
    expect(before.data?.revision).toBe(0);

    const results = await Promise.all(
      Array.from({ length: 50 }, () => api.upload.confirm.mutate({ uploadId: started.uploadId, etag })),
    );
    expect(results.every((r) => r.status === "received")).toBe(true);
    const after = await db().upload.get({ uploadId: started.uploadId }).go({ consistent: true });
    expect(after.data).toMatchObject({ status: "received", revision: 1 });
  });
});
