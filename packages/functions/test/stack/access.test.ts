import { describe, expect, it } from "vitest";
import { appUrl, client, expectError, newUser, put, signedToken, single } from "@intake/testing/api";
import { pdf } from "@intake/testing/files";

async function startedUpload() {
  const owner = await newUser();
  const body = pdf({ size: 256 });
  const started = single(
    await owner.api.upload.initiate.mutate({
      purpose: "invoice",
      filename: "x.pdf",
      contentType: "application/pdf",
      sizeBytes: body.length,
    }),
  );
  const response = await put(started.url, started.headers, body);
  return { owner, started, etag: response.headers.get("etag")! };
}

describe("who is asking", () => {
  it("another user's upload is NOT_FOUND for get, confirm and abort", async () => {
    const { owner, started, etag } = await startedUpload();
    const other = await newUser();
    await expectError(other.api.upload.get.query({ uploadId: started.uploadId }), "NOT_FOUND");
    await expectError(other.api.upload.confirm.mutate({ uploadId: started.uploadId, etag }), "NOT_FOUND");
    await expectError(other.api.upload.abort.mutate({ uploadId: started.uploadId }), "NOT_FOUND");
    await expectError(other.api.upload.refresh.mutate({ uploadId: started.uploadId }), "NOT_FOUND");
    // An id that does not exist looks the same as someone else's.
    await expectError(other.api.upload.get.query({ uploadId: `upl_${"0".repeat(32)}` }), "NOT_FOUND");
    // Nothing changed for the owner (only the scanner may have moved it on); an admin can read it.
    expect((await owner.api.upload.get.query({ uploadId: started.uploadId })).status).not.toBe("aborted");
    const admin = await newUser({ admin: true });
    expect((await admin.api.upload.get.query({ uploadId: started.uploadId })).ownerId).toBe(owner.sub);
    expect((await other.api.upload.list.query({})).items).toEqual([]);
  });

  it("no token, an expired token, or a token from another key is UNAUTHORIZED", async () => {
    await expectError(client().upload.list.query({}), "UNAUTHORIZED");
    await expectError(client("not.a.jwt").upload.list.query({}), "UNAUTHORIZED");

    const now = Math.floor(Date.now() / 1000);
    const admin = { groups: ["admins"] };
    const expired = await signedToken("mallory", now - 60, admin);
    await expectError(client(expired).upload.list.query({}), "UNAUTHORIZED");
    // The same claims with a live expiry pass: only the expiry made the difference above.
    const live = await signedToken("mallory", now + 60, admin);
    await expect(client(live).upload.list.query({})).resolves.toMatchObject({ items: [] });

    const forged = await signedToken("mallory", now + 60, { ...admin, forged: true });
    await expectError(client(forged).upload.list.query({}), "UNAUTHORIZED");
  });

  it("the dev issuer refuses a subject that could reach a key", async () => {
    const response = await fetch(`${appUrl()}/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ sub: "../alice" }),
    });
    expect(response.status).toBe(400);
  });

  it("the 11th initiate in a minute is TOO_MANY_REQUESTS with the wait", async () => {
    // The limit counts per fixed minute: start with room to do eleven calls in one window.
    const secondsIntoMinute = (Date.now() / 1000) % 60;
    if (secondsIntoMinute > 45) await new Promise((r) => setTimeout(r, (61 - secondsIntoMinute) * 1000));
    const { api } = await newUser();
    const input = { purpose: "receipt" as const, filename: "r.png", contentType: "image/png", sizeBytes: 10 };
    for (let i = 0; i < 10; i++) await api.upload.initiate.mutate(input);
    const { data } = await expectError(api.upload.initiate.mutate(input), "TOO_MANY_REQUESTS", "RATE_LIMITED");
    expect(data.details.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(data.details.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another user is not affected.
    const other = await newUser();
    await expect(other.api.upload.initiate.mutate(input)).resolves.toMatchObject({ status: "pending" });
  });
});
