import { settings } from "@intake/core/settings";
import { describe, expect, it } from "vitest";
import { book, expectError, newUser, put, single } from "@intake/testing/api";
import { pdf } from "@intake/testing/files";
import { eventually, head, locations, settled } from "@intake/testing/scan";

// The scan consumer runs beside these tests: once the bytes are in staging, it may move the
// upload on (pending → scanning → …) before, during or after confirm.
const afterPut = ["received", "scanning", "processing", "ready", "in_review"];

describe("single PUT upload", () => {
  it("initiate → PUT → confirm is accepted, and the scanned bytes reach production", async () => {
    const { api, sub } = await newUser();
    const body = pdf({ size: 4096 });
    const started = single(
      await api.upload.initiate.mutate({
        ...book,
        filename: "Dune.pdf",
        contentType: "application/pdf",
        sizeBytes: body.length,
      }),
    );
    expect(started).toMatchObject({ status: "pending", method: "PUT", maxSizeBytes: 50 * 1024 * 1024 });
    expect(started.headers).toEqual({ "Content-Type": "application/pdf" });
    // Short-lived, and signing both the type and the length.
    const url = new URL(started.url);
    expect(Number(url.searchParams.get("X-Amz-Expires"))).toBe(900);
    expect(url.searchParams.get("X-Amz-SignedHeaders")?.split(";")).toEqual(
      expect.arrayContaining(["content-length", "content-type", "host"]),
    );
    expect(url.pathname).toBe(`/${settings().buckets.staging}/staging/${sub}/${started.uploadId}.pdf`);

    const response = await put(started.url, started.headers, body);
    expect(response.status).toBe(200);
    const etag = response.headers.get("etag")!;

    const confirmed = await api.upload.confirm.mutate({ uploadId: started.uploadId, etag });
    expect(confirmed.uploadId).toBe(started.uploadId);
    expect(afterPut).toContain(confirmed.status);
    const upload = await api.upload.get.query({ uploadId: started.uploadId });
    expect(upload).toMatchObject({ ownerId: sub, filename: "Dune.pdf", title: "Dune", sizeBytes: 4096 });

    // A book waits for review once scanned; its bytes are in production only.
    expect((await settled(api, started.uploadId)).status).toBe("in_review");
    const where = locations(sub, started.uploadId, "application/pdf");
    const stored = await head(where.production);
    expect(stored?.ContentLength).toBe(4096);
    expect(stored?.ContentType).toBe("application/pdf");
    expect(await head(where.staging)).toBeUndefined();

    // Confirming again is idempotent: it answers the current status.
    await expect(api.upload.confirm.mutate({ uploadId: started.uploadId, etag })).resolves.toMatchObject({
      status: "in_review",
    });
  });

  it("confirm refuses a wrong ETag and a file that was never sent", async () => {
    const { api } = await newUser();
    const body = pdf({ size: 100 });
    const started = single(
      await api.upload.initiate.mutate({
        purpose: "invoice",
        filename: "inv.pdf",
        contentType: "application/pdf",
        sizeBytes: body.length,
      }),
    );
    await expectError(
      api.upload.confirm.mutate({ uploadId: started.uploadId, etag: '"abc"' }),
      "PRECONDITION_FAILED",
      "OBJECT_MISSING",
    );
    const response = await put(started.url, started.headers, body);
    expect(response.status).toBe(200);
    await expectError(
      api.upload.confirm.mutate({ uploadId: started.uploadId, etag: '"0123456789abcdef0123456789abcdef"' }),
      "PRECONDITION_FAILED",
      "ETAG_MISMATCH",
    );
    // The wrong ETag confirmed nothing (the scanner may have started from pending meanwhile).
    expect((await api.upload.get.query({ uploadId: started.uploadId })).status).not.toBe("received");
  });

  it("a SHA-256 checksum given at initiate is signed, and a body that does not match it is refused", async () => {
    const { api } = await newUser();
    const body = pdf({ size: 2048 });
    const { createHash } = await import("node:crypto");
    const checksumSha256 = createHash("sha256").update(body).digest("base64");
    const started = single(
      await api.upload.initiate.mutate({
        purpose: "receipt",
        filename: "r.pdf",
        contentType: "application/pdf",
        sizeBytes: body.length,
        checksumSha256,
      }),
    );
    expect(started.headers["x-amz-checksum-sha256"]).toBe(checksumSha256);
    const other = Buffer.from(body);
    other[100] = 0x41;
    const refused = await put(started.url, started.headers, other);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect((await put(started.url, started.headers, body)).status).toBe(200);
  });

  it("abort before the bytes land: a late PUT is removed from staging and later confirms are a conflict", async () => {
    const { api, sub } = await newUser();
    const body = pdf({ size: 512 });
    const started = single(
      await api.upload.initiate.mutate({
        purpose: "statement",
        filename: "s.pdf",
        contentType: "application/pdf",
        sizeBytes: body.length,
      }),
    );
    await expect(api.upload.abort.mutate({ uploadId: started.uploadId })).resolves.toEqual({
      uploadId: started.uploadId,
      status: "aborted",
    });
    // The URL still works for a while; what it lets in is never scanned and leaves staging.
    const response = await put(started.url, started.headers, body);
    const etag = response.headers.get("etag")!;
    const where = locations(sub, started.uploadId, "application/pdf");
    await eventually("the late object to leave staging", async () => (await head(where.staging)) === undefined);
    expect(await head(where.production)).toBeUndefined();
    const { data } = await expectError(
      api.upload.confirm.mutate({ uploadId: started.uploadId, etag }),
      "CONFLICT",
      "INVALID_STATE",
    );
    expect(data.details.status).toBe("aborted");
    // Aborting twice answers the same; refreshing an aborted upload is a conflict.
    await expect(api.upload.abort.mutate({ uploadId: started.uploadId })).resolves.toMatchObject({ status: "aborted" });
    await expectError(api.upload.refresh.mutate({ uploadId: started.uploadId }), "CONFLICT", "INVALID_STATE");
  });

  it("refresh hands out a fresh URL that works", async () => {
    const { api } = await newUser();
    const body = pdf({ size: 300 });
    const started = single(
      await api.upload.initiate.mutate({
        purpose: "invoice",
        filename: "i.pdf",
        contentType: "application/pdf",
        sizeBytes: body.length,
      }),
    );
    const fresh = await api.upload.refresh.mutate({ uploadId: started.uploadId });
    if (!("url" in fresh)) throw new Error("a single-PUT upload refreshes its one URL");
    const response = await put(fresh.url, fresh.headers, body);
    expect(response.status).toBe(200);
    const confirmed = await api.upload.confirm.mutate({
      uploadId: started.uploadId,
      etag: response.headers.get("etag")!,
    });
    expect(afterPut).toContain(confirmed.status);
  });

  it("list pages the caller's uploads newest first and filters by status", async () => {
    const { api } = await newUser();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const started = single(
        await api.upload.initiate.mutate({
          purpose: "invoice",
          filename: `n${i}.png`,
          contentType: "image/png",
          sizeBytes: 10 + i,
        }),
      );
      ids.push(started.uploadId);
      await new Promise((r) => setTimeout(r, 5));
    }
    await api.upload.abort.mutate({ uploadId: ids[1]! });
    const first = await api.upload.list.query({ limit: 2 });
    expect(first.items.map((u) => u.uploadId)).toEqual([ids[2], ids[1]]);
    expect(first.cursor).toBeTruthy();
    const second = await api.upload.list.query({ limit: 2, cursor: first.cursor! });
    expect(second.items.map((u) => u.uploadId)).toEqual([ids[0]]);
    const aborted = await api.upload.list.query({ status: "aborted" });
    expect(aborted.items.map((u) => u.uploadId)).toEqual([ids[1]]);
    await expectError(api.upload.list.query({ cursor: "not-a-cursor" }), "BAD_REQUEST", "VALIDATION");
  });

  it("health says the API is up to anyone, and reports every part only to an admin", async () => {
    const { client, tokenFor } = await import("@intake/testing/api");
    await expect(client().health.query()).resolves.toEqual({ ok: true });
    await expect(client(await tokenFor(`reader-${Date.now()}`)).health.query()).resolves.toEqual({ ok: true });
    await expect(client(await tokenFor(`admin-${Date.now()}`, ["admins"])).health.query()).resolves.toEqual({
      ok: true,
      checks: { s3: "ok", dynamodb: "ok", queue: "ok", clamd: "ok" },
    });
  });
});
