// How a multipart upload is cut into parts. Pure, so the browser and tests can use it.
export * as Parts from "./parts";

const MiB = 1024 * 1024;

/** Every part but the last is this size at least (S3's own minimum is 5 MiB). */
export const minPartSize = 8 * MiB;
/** S3 accepts at most 10,000 parts in one upload. */
export const maxParts = 10_000;

export interface Plan {
  partSize: number;
  partCount: number;
}

/** 8 MiB parts, grown in whole MiB so that no upload needs more than 10,000 parts. */
export function plan(sizeBytes: number): Plan {
  const needed = Math.ceil(sizeBytes / maxParts);
  const partSize = Math.max(minPartSize, Math.ceil(needed / MiB) * MiB);
  return { partSize, partCount: Math.max(1, Math.ceil(sizeBytes / partSize)) };
}

/** The exact size of part `partNumber` (1-based): partSize, except the last which holds the rest. */
export function sizeOf(sizeBytes: number, { partSize, partCount }: Plan, partNumber: number): number {
  if (partNumber < 1 || partNumber > partCount) throw new RangeError(`No part ${partNumber} in ${partCount}`);
  return partNumber < partCount ? partSize : sizeBytes - partSize * (partCount - 1);
}
