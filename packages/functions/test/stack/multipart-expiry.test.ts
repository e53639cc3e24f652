import { Actor } from "@intake/core/actor";
import { Upload } from "@intake/core/upload";
import { describe, expect, it } from "vitest";
import { newUser } from "@intake/testing/api";
import { initiateMultipart, MiB, partOf, pdfOfSize, sendParts } from "@intake/testing/multipart";

// Parts are signed here with the API's own signParts and a one-second lifetime: the API's
// 15 minutes are too long to wait for in a test.
process.env.INTAKE_UPLOAD_URL_TTL_SECONDS = "1";

describe("an expired part URL", () => {
  it("is refused by S3; refresh signs only the missing parts again and the upload completes", async () => {
    const { api, sub } = await newUser();
    const body = pdfOfSize(17 * MiB);
    const { uploadId, partSize } = await initiateMultipart(api, body.length);
    const sent = await sendParts(api, uploadId, body, partSize, [1]);

    const stale = await Actor.provide({ type: "user", properties: { userId: sub, isAdmin: false } }, () =>
      Upload.Multipart.signParts({ uploadId, partNumbers: [2, 3] }),
    );
    expect(new URL(stale.parts[0]!.url).searchParams.get("X-Amz-Expires")).toBe("1");
    await new Promise((r) => setTimeout(r, 2100));
    const refused = await fetch(stale.parts[0]!.url, {
      method: "PUT",
      body: new Uint8Array(partOf(body, partSize, 2)),
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/Request has expired/);

    const fresh = await api.upload.refresh.mutate({ uploadId });
    if (!("parts" in fresh)) throw new Error("a multipart upload refreshes its parts");
    expect(fresh.parts.map((p) => p.partNumber)).toEqual([2, 3]);
    for (const part of fresh.parts) {
      const response = await fetch(part.url, {
        method: "PUT",
        body: new Uint8Array(partOf(body, partSize, part.partNumber)),
      });
      expect(response.status).toBe(200);
      sent.push({ partNumber: part.partNumber, etag: response.headers.get("etag")! });
    }
    const done = await api.upload.complete.mutate({ uploadId, parts: sent });
    expect(["received", "scanning", "processing", "ready"]).toContain(done.status);
  });
});
