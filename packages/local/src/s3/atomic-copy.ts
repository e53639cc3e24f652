// S3 replaces an object only when a copy onto it succeeds. s3rver's filesystem store copies
// with fs-extra, which deletes the destination first and then copies the source: a copy that
// races the source's deletion (two scan deliveries moving one file out of staging do exactly
// this) deletes the destination and copies nothing, so a file that was moved is lost. Here
// the object, its MD5 and its metadata are each written to a side file beside the
// destination and renamed over it: a reader sees the old object or the new one, never neither.
import { randomUUID } from "node:crypto";
import { copyFile, mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { FilesystemStore } from "s3rver";
import S3Error from "s3rver/lib/models/error.js";

export function makeCopiesAtomic(store: FilesystemStore): void {
  const putMetadata = store.putMetadata.bind(store);

  store.copyObject = async (srcBucket, srcKey, destBucket, destKey, replacementMetadata) => {
    const source = (resource: string) => store.getResourcePath(srcBucket, srcKey, resource);
    const target = (resource: string) => store.getResourcePath(destBucket, destKey, resource);
    if (source("object") !== target("object")) {
      await mkdir(dirname(target("object")), { recursive: true });
      await replace(source("object"), target("object"), () => {
        throw new S3Error("NoSuchKey", "The specified key does not exist.", { Key: srcKey });
      });
      // A missing MD5 is recomputed from the object by s3rver; a stale one would be a wrong ETag.
      const drop = (file: string) => () => rm(file, { force: true });
      await replace(`${source("object")}.md5`, `${target("object")}.md5`, drop(`${target("object")}.md5`));
      if (!replacementMetadata) {
        await replace(source("metadata.json"), target("metadata.json"), drop(target("metadata.json")));
      }
    }
    if (replacementMetadata) await store.putMetadata(destBucket, destKey, replacementMetadata);
    return store.getMetadata(destBucket, destKey);
  };

  store.putMetadata = async (bucket, key, metadata, md5) => {
    // s3rver writes metadata.json in place: written under a side key and renamed instead.
    const side = `${key}.${randomUUID()}.partial`;
    await putMetadata(bucket, side, metadata, md5);
    const renames = ["metadata.json", ...(md5 ? ["object.md5"] : [])].map((resource) =>
      rename(store.getResourcePath(bucket, side, resource), store.getResourcePath(bucket, key, resource)),
    );
    await Promise.all(renames);
  };
}

/** Copies `source` over `target` in one rename; `missing` decides what a missing source means. */
async function replace(source: string, target: string, missing: () => unknown): Promise<void> {
  const side = `${target}.${randomUUID()}.partial`;
  try {
    await copyFile(source, side);
  } catch (error) {
    await rm(side, { force: true });
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await missing();
    return;
  }
  await rename(side, target);
}
