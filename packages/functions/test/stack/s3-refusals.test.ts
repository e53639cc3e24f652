import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { s3 } from "@intake/core/aws";
import { settings } from "@intake/core/settings";
import { signPut } from "@intake/core/upload/presign";
import { describe, expect, it } from "vitest";
import { newUser, put, single } from "@intake/testing/api";
import { pdf } from "@intake/testing/files";

// The expiry test signs with the API's own presigner in this worker, with a one-second
// lifetime: the API's 15 minutes are too long to wait for in a test.
process.env.INTAKE_UPLOAD_URL_TTL_SECONDS = "1";

async function initiated(size = 1000) {
  const { api, sub } = await newUser();
  const body = pdf({ size: size });
  const started = single(
    await api.upload.initiate.mutate({
      purpose: "invoice",
      filename: "a.pdf",
      contentType: "application/pdf",
      sizeBytes: body.length,
    }),
  );
  const key = `staging/${sub}/${started.uploadId}.pdf`;
  return { api, sub, body, started, key };
}

async function stored(key: string): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: settings().buckets.staging, Key: key }));
    return true;
  } catch {
    return false;
  }
}

describe("S3 refuses what the presigned URL did not sign", () => {
  it("a tampered signature is 403", async () => {
    const { started, body, key } = await initiated();
    const url = new URL(started.url);
    const signature = url.searchParams.get("X-Amz-Signature")!;
    url.searchParams.set(
      "X-Amz-Signature",
      signature.replace(/^./, (c) => (c === "0" ? "1" : "0")),
    );
    expect((await put(url.toString(), started.headers, body)).status).toBe(403);
    expect(await stored(key)).toBe(false);
  });

  it("the URL reused for another key is 403", async () => {
    const { started, body, sub } = await initiated();
    const url = new URL(started.url);
    url.pathname = url.pathname.replace(started.uploadId, `upl_${"f".repeat(32)}`);
    expect((await put(url.toString(), started.headers, body)).status).toBe(403);
    expect(await stored(`staging/${sub}/upl_${"f".repeat(32)}.pdf`)).toBe(false);
  });

  it("a body longer or shorter than signed is 403 and nothing is stored", async () => {
    const { started, body, key } = await initiated(1000);
    expect((await put(started.url, started.headers, Buffer.concat([body, Buffer.from("x")]))).status).toBe(403);
    expect((await put(started.url, started.headers, body.subarray(0, 999))).status).toBe(403);
    expect(await stored(key)).toBe(false);
    expect((await put(started.url, started.headers, body)).status).toBe(200);
    expect(await stored(key)).toBe(true);
  });

  it("another content type than signed is 403", async () => {
    const { started, body, key } = await initiated();
    expect((await put(started.url, { "Content-Type": "text/html" }, body)).status).toBe(403);
    expect(await stored(key)).toBe(false);
  });

  it("an expired URL is 403", async () => {
    const { body, key } = await initiated();
    const signed = await signPut({ key, contentType: "application/pdf", sizeBytes: body.length });
    expect(new URL(signed.url).searchParams.get("X-Amz-Expires")).toBe("1");
    await new Promise((r) => setTimeout(r, 2100));
    expect((await put(signed.url, signed.headers, body)).status).toBe(403);
    expect(await stored(key)).toBe(false);
  });
});
