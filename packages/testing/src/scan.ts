// Helpers for tests that follow an upload through the scanner.
import { GetObjectCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { s3 } from "@intake/core/aws";
import { Keys } from "@intake/core/keys";
import { settings } from "@intake/core/settings";
import type { Purpose } from "@intake/core/purpose";
import { inFlight } from "@intake/core/upload/lifecycle";
import { setTimeout as sleep } from "node:timers/promises";
import { expect } from "vitest";
import { type client, put, single } from "./api";

type Api = ReturnType<typeof client>;
export type Uploaded = Awaited<ReturnType<Api["upload"]["get"]["query"]>>;

const unsettled = new Set<string>(inFlight);

/** Polls until the server stops moving the upload (pending … processing); fails after `timeoutMs`. */
export async function settled(api: Api, uploadId: string, timeoutMs = 30_000): Promise<Uploaded> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const upload = await api.upload.get.query({ uploadId });
    if (!unsettled.has(upload.status)) return upload;
    if (Date.now() > deadline) throw new Error(`upload ${uploadId} still ${upload.status} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Polls `check` until it returns true; fails after `timeoutMs` with `what`. */
export async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export interface SendOptions {
  purpose: Purpose.Name;
  filename: string;
  contentType: string;
  body: Buffer;
  confirm?: boolean;
}

/** initiate → PUT (→ confirm): the upload's id, its PUT's ETag and where its bytes may be. */
export async function send(api: Api, owner: string, options: SendOptions) {
  const book = options.purpose === "book" ? { title: "A Book", author: "An Author" } : {};
  const started = single(
    await api.upload.initiate.mutate({
      purpose: options.purpose,
      filename: options.filename,
      contentType: options.contentType,
      sizeBytes: options.body.length,
      ...book,
    }),
  );
  const response = await put(started.url, started.headers, options.body);
  expect(response.status).toBe(200);
  const etag = response.headers.get("etag")!;
  if (options.confirm) await api.upload.confirm.mutate({ uploadId: started.uploadId, etag });
  return { uploadId: started.uploadId, etag, locations: locations(owner, started.uploadId, options.contentType) };
}

export function locations(owner: string, uploadId: string, contentType: string) {
  const { buckets } = settings();
  return {
    staging: { Bucket: buckets.staging, Key: Keys.staging(owner, uploadId, contentType) },
    production: { Bucket: buckets.production, Key: Keys.production(owner, uploadId, contentType) },
    quarantine: { Bucket: buckets.quarantine, Key: Keys.quarantine(owner, uploadId, contentType) },
  };
}

type Location = { Bucket: string; Key: string };

export async function head(location: Location) {
  try {
    return await s3().send(new HeadObjectCommand(location));
  } catch (error) {
    if ((error as { name?: string }).name === "NotFound") return undefined;
    throw error;
  }
}

/** Which of staging, production and quarantine hold the upload's object. */
export async function whereIs(where: ReturnType<typeof locations>): Promise<string[]> {
  const found: string[] = [];
  for (const [name, location] of Object.entries(where)) if (await head(location)) found.push(name);
  return found;
}

export async function bytesAt(location: Location): Promise<Buffer> {
  const object = await s3().send(new GetObjectCommand(location));
  return Buffer.from(await object.Body!.transformToByteArray());
}
