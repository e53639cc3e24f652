// The ClamAV database files kept under a prefix of the signatures bucket, mirrored to and
// from a local directory (the scanner reads them at cold start, the updater refreshes them).
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { imageSettings } from "./settings";

export interface SignatureStore {
  client: S3Client;
  bucket: string;
  prefix: string;
}

/** Where the databases live on disk. */
export function databaseDir(env = process.env): string {
  return imageSettings(env).databaseDir;
}

/** The store the Scanner stack configures (INTAKE_SIGNATURES_BUCKET, INTAKE_SIGNATURES_PREFIX). */
export function storeFromEnv(env = process.env): SignatureStore {
  const { signatures, s3Endpoint: endpoint } = imageSettings(env);
  if (!signatures.bucket) throw new Error("INTAKE_SIGNATURES_BUCKET is not set");
  return {
    client: new S3Client({
      ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
      // As in packages/core/src/aws.ts: plain bodies, which S3 and the local emulator both take.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    }),
    bucket: signatures.bucket,
    prefix: signatures.prefix,
  };
}

/** The bucket's files by name, with the MD5 S3 reports as their ETag (single-part PUTs). */
export async function listStored(store: SignatureStore): Promise<Map<string, string>> {
  const stored = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await store.client.send(
      new ListObjectsV2Command({ Bucket: store.bucket, Prefix: store.prefix, ContinuationToken: token }),
    );
    for (const object of page.Contents ?? []) {
      const name = object.Key?.slice(store.prefix.length);
      if (name && !name.includes("/") && !name.startsWith(".")) stored.set(name, (object.ETag ?? "").replace(/"/g, ""));
    }
    token = page.NextContinuationToken;
  } while (token);
  return stored;
}

/** Downloads every stored file into `dir`; returns what was stored. */
export async function download(store: SignatureStore, dir: string): Promise<Map<string, string>> {
  await mkdir(dir, { recursive: true });
  const stored = await listStored(store);
  await Promise.all(
    [...stored.keys()].map(async (name) => {
      const object = await store.client.send(new GetObjectCommand({ Bucket: store.bucket, Key: store.prefix + name }));
      await pipeline(object.Body as Readable, createWriteStream(join(dir, name)));
    }),
  );
  return stored;
}

/**
 * Makes the bucket match `dir`: uploads new and changed files first, then deletes files
 * that are gone, so a scanner starting meanwhile finds at least the old set.
 */
export async function upload(store: SignatureStore, dir: string, stored: Map<string, string>) {
  const local = new Map<string, string>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile()) local.set(entry.name, await md5(join(dir, entry.name)));
  }
  const changed = [...local].filter(([name, hash]) => stored.get(name) !== hash).map(([name]) => name);
  for (const name of changed) {
    const path = join(dir, name);
    await store.client.send(
      new PutObjectCommand({
        Bucket: store.bucket,
        Key: store.prefix + name,
        Body: createReadStream(path),
        ContentLength: (await stat(path)).size,
      }),
    );
  }
  const removed = [...stored.keys()].filter((name) => !local.has(name));
  for (const name of removed) {
    await store.client.send(new DeleteObjectCommand({ Bucket: store.bucket, Key: store.prefix + name }));
  }
  return { changed, removed };
}

async function md5(path: string): Promise<string> {
  const hash = createHash("md5");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}
