// Per-user limits (issue 16, item 4): a sliding window, so no window boundary doubles a limit,
// and every call counts, batched or refused.
import { RateLimit } from "@intake/core/rate-limit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { as, invoice, refusal, someone } from "./helpers";

afterEach(() => vi.useRealTimers());

describe("upload.initiate's 10 a minute", () => {
  it("stays 10 across a minute boundary: the 11th in two seconds is refused", async () => {
    const boundary = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000;
    vi.useFakeTimers({ toFake: ["Date"], now: boundary - 1_000 });
    const user = as(someone());
    for (let i = 0; i < 10; i++) await user.upload.initiate(invoice);
    vi.setSystemTime(boundary + 1_000);
    const shape = await refusal(user.upload.initiate(invoice), "upload.initiate");
    expect(shape.data).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED" });
    expect((shape.data.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(57);
    expect((shape.data.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(60);
    // Once the first ones leave the window, there is room again.
    vi.setSystemTime(boundary + 60_000);
    await expect(user.upload.initiate(invoice)).resolves.toMatchObject({ status: "pending" });
  });
});

describe.each([
  ["upload.refresh", (caller: ReturnType<typeof as>, uploadId: string) => caller.upload.refresh({ uploadId })],
  ["upload.download", (caller: ReturnType<typeof as>, uploadId: string) => caller.upload.download({ uploadId })],
  [
    "upload.confirm",
    (caller: ReturnType<typeof as>, uploadId: string) =>
      caller.upload.confirm({ uploadId, etag: '"0123456789abcdef0123456789abcdef"' }),
  ],
  [
    "upload.signParts",
    (caller: ReturnType<typeof as>, uploadId: string) => caller.upload.signParts({ uploadId, partNumbers: [1] }),
  ],
] as const)("%s", (path, call) => {
  it("is limited per user, counting refused calls too, with retryAfterSeconds", async () => {
    const limit = RateLimit.perMinute[path];
    const owner = someone();
    const { uploadId } = await as(owner).upload.initiate(invoice);
    for (let i = 0; i < limit; i++) await call(as(owner), uploadId).catch(() => undefined);
    const shape = await refusal(call(as(owner), uploadId), path);
    expect(shape.data).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED" });
    expect((shape.data.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    // Someone else is not held back.
    const other = await refusal(call(as(someone()), uploadId), path);
    expect(other.data.appCode).not.toBe("RATE_LIMITED");
  });
});

describe("a burst of one user's calls at once", () => {
  it("counts each exactly: the limit's worth succeed, the rest are RATE_LIMITED", async () => {
    const user = as(someone());
    const results = await Promise.allSettled(Array.from({ length: 14 }, () => user.upload.initiate(invoice)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
  });
});
