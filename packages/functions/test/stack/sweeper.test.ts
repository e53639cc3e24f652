import { ListPartsCommand } from "@aws-sdk/client-s3";
import { s3 } from "@intake/core/aws";
import { db } from "@intake/core/dynamo";
import { settings } from "@intake/core/settings";
import { describe, expect, it } from "vitest";
import { pdf } from "@intake/testing/files";
import { newUser, put, single } from "@intake/testing/api";
import { initiateMultipart, MiB, pdfOfSize, sendParts } from "@intake/testing/multipart";
import { eventually, head, locations } from "@intake/testing/scan";

const stagingKey = (sub: string, uploadId: string) => `staging/${sub}/${uploadId}.pdf`;

describe("the sweeper (on the stack's interval)", () => {
  it("expires pending uploads past their deadline and deletes what they staged; others stay pending", async () => {
    const { api, sub } = await newUser();
    const body = pdf();
    const input = {
      purpose: "statement" as const,
      filename: "late.pdf",
      contentType: "application/pdf",
      sizeBytes: body.length,
    };
    const late = single(await api.upload.initiate.mutate(input));
    const onTime = single(await api.upload.initiate.mutate(input));
    // The deadline passes; the still-valid URL lets the bytes in all the same.
    await db()
      .upload.patch({ uploadId: late.uploadId })
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .go();
    expect((await put(late.url, late.headers, body)).status).toBe(200);

    await eventually(
      "the late upload to expire",
      async () => (await api.upload.get.query({ uploadId: late.uploadId })).status === "expired",
    );
    const where = locations(sub, late.uploadId, "application/pdf");
    await eventually("its staged object to go", async () => (await head(where.staging)) === undefined);
    expect(await head(where.production)).toBeUndefined();
    expect((await api.upload.get.query({ uploadId: onTime.uploadId })).status).toBe("pending");
  });

  it("aborts the parts of an expired multipart upload", async () => {
    const { api, sub } = await newUser();
    const body = pdfOfSize(24 * MiB);
    const { uploadId, partSize } = await initiateMultipart(api, body.length);
    await sendParts(api, uploadId, body, partSize, [1]);
    const { data } = await db().upload.get({ uploadId }).go({ consistent: true });
    const parts = () =>
      s3().send(
        new ListPartsCommand({
          Bucket: settings().buckets.staging,
          Key: stagingKey(sub, uploadId),
          UploadId: data!.multipartUploadId,
        }),
      );
    expect((await parts()).Parts).toHaveLength(1);

    await db()
      .upload.patch({ uploadId })
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .go();
    await eventually(
      "the multipart upload to expire",
      async () => (await api.upload.get.query({ uploadId })).status === "expired",
    );
    await eventually("its parts to be aborted", async () =>
      parts().then(
        () => false,
        (error: { name?: string }) => error.name === "NoSuchUpload",
      ),
    );
  });
});
