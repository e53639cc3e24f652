// Presigned URLs: short-lived, and signing the length and type the client declared.
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { s3 } from "../aws";
import { settings } from "../settings";

export interface SignedPut {
  url: string;
  headers: Record<string, string>;
  expiresAt: string;
}

export async function signPut(input: {
  key: string;
  contentType: string;
  sizeBytes: number;
  checksumSha256?: string;
}): Promise<SignedPut> {
  const { buckets, uploadUrlTtlSeconds } = settings();
  const checksum = input.checksumSha256 ? ["x-amz-checksum-sha256"] : [];
  const url = await getSignedUrl(
    s3(),
    new PutObjectCommand({
      Bucket: buckets.staging,
      Key: input.key,
      ContentType: input.contentType,
      ContentLength: input.sizeBytes,
      ChecksumSHA256: input.checksumSha256,
    }),
    {
      expiresIn: uploadUrlTtlSeconds,
      signableHeaders: new Set(["content-type", "content-length", ...checksum]),
      // Kept as headers (not query parameters) so S3 checks the body against them.
      unhoistableHeaders: new Set(checksum),
    },
  );
  const headers: Record<string, string> = { "Content-Type": input.contentType };
  if (input.checksumSha256) headers["x-amz-checksum-sha256"] = input.checksumSha256;
  return { url, headers, expiresAt: new Date(Date.now() + uploadUrlTtlSeconds * 1000).toISOString() };
}
