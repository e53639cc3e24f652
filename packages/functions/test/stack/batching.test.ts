// Limits batching cannot bypass (issue 16, item 4): a capped batch, a capped body, and a health
// check that anyone may call cheaply.
import { ApiLimits } from "@intake/core/api-limits";
import { describe, expect, it } from "vitest";
import { appUrl, newUser } from "@intake/testing/api";

const batch = (path: string, count: number) => {
  const paths = Array.from({ length: count }, () => path).join(",");
  const input = JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [i, {}])));
  return `${appUrl()}/trpc/${paths}?batch=1&input=${encodeURIComponent(input)}`;
};

describe("batches", () => {
  it(`over ${ApiLimits.maxBatchSize} calls are refused whole, before any runs`, async () => {
    const { token } = await newUser();
    for (const count of [ApiLimits.maxBatchSize + 1, 200]) {
      const response = await fetch(batch("health", count));
      expect(response.status).toBe(400);
    }
    const paths = Array.from({ length: 1000 }, () => "upload.refresh").join(",");
    const body = JSON.stringify(
      Object.fromEntries(
        Array.from({ length: 1000 }, (_, i) => [i, { uploadId: "upl_0123456789abcdef0123456789abcdef" }]),
      ),
    );
    const refreshes = await fetch(`${appUrl()}/trpc/${paths}?batch=1`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body,
    });
    expect(refreshes.status).toBe(400);
    expect(await refreshes.text()).not.toContain("url");
  });

  it("a full batch of anonymous health calls answers ok alone, with no checks of what is behind", async () => {
    const response = await fetch(batch("health", ApiLimits.maxBatchSize));
    expect(response.status).toBe(200);
    const results = (await response.json()) as Array<{ result: { data: unknown } }>;
    expect(results).toHaveLength(ApiLimits.maxBatchSize);
    for (const result of results) expect(result.result.data).toEqual({ ok: true });
  });
});

describe("request bodies", () => {
  it("over API Gateway's payload limit are refused (413) unread", async () => {
    const { token } = await newUser();
    const response = await fetch(`${appUrl()}/trpc/upload.initiate`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ filename: "x".repeat(ApiLimits.maxBodyBytes) }),
    });
    expect(response.status).toBe(413);
  });
});
