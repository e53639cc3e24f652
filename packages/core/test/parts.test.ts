import { describe, expect, it } from "vitest";
import { describe as describeMismatch, mismatch } from "../src/upload/part-list";
import { maxParts, plan, sizeOf } from "../src/upload/parts";

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe("Parts.plan", () => {
  it("uses 8 MiB parts, the last one holding the rest", () => {
    expect(plan(16 * MiB)).toEqual({ partSize: 8 * MiB, partCount: 2 });
    expect(plan(100 * MiB)).toEqual({ partSize: 8 * MiB, partCount: 13 });
    expect(sizeOf(100 * MiB, plan(100 * MiB), 13)).toBe(4 * MiB);
    expect(plan(5 * GiB)).toEqual({ partSize: 8 * MiB, partCount: 640 });
  });

  it("grows the part size in whole MiB so no upload needs more than 10,000 parts", () => {
    for (const size of [80 * GiB, 100 * GiB, 5 * 1024 * GiB, 8 * MiB * maxParts + 1]) {
      const { partSize, partCount } = plan(size);
      expect(partSize % MiB).toBe(0);
      expect(partSize).toBeGreaterThan(8 * MiB);
      expect(partCount).toBeLessThanOrEqual(maxParts);
      expect(partSize * (partCount - 1)).toBeLessThan(size);
    }
  });
});

describe("part list checks", () => {
  const p = plan(20 * MiB); // 8 + 8 + 4 MiB
  const held = [
    { partNumber: 1, etag: "a", sizeBytes: 8 * MiB },
    { partNumber: 2, etag: "b", sizeBytes: 8 * MiB },
    { partNumber: 3, etag: "c", sizeBytes: 4 * MiB },
  ];
  const listed = held.map(({ partNumber, etag }) => ({ partNumber, etag }));

  it("accepts the exact list", () => {
    expect(mismatch(listed, held, 20 * MiB, p)).toBeUndefined();
  });

  it("names every problem", () => {
    expect(mismatch(listed.slice(0, 2), held, 20 * MiB, p)).toEqual({ missing: [3] });
    expect(mismatch([listed[1]!, listed[0]!, listed[2]!], held, 20 * MiB, p)).toEqual({ outOfOrder: true });
    expect(mismatch([listed[0]!, listed[0]!, listed[2]!], held, 20 * MiB, p)).toMatchObject({
      outOfOrder: true,
      missing: [2],
    });
    expect(mismatch([listed[0]!, { partNumber: 2, etag: "z" }, listed[2]!], held, 20 * MiB, p)).toEqual({
      etagMismatch: [2],
    });
    expect(mismatch(listed, held.slice(0, 2), 20 * MiB, p)).toEqual({ notUploaded: [3] });
    expect(mismatch(listed, [held[0]!, held[1]!, { ...held[2]!, sizeBytes: 1 }], 20 * MiB, p)).toEqual({
      sizeMismatch: [3],
    });
    expect(mismatch([...listed, { partNumber: 4, etag: "d" }], held, 20 * MiB, p)).toEqual({ outOfRange: [4] });
    expect(describeMismatch({ missing: [3], etagMismatch: [1] })).toBe(
      "The part list does not match the upload: parts 3 are missing from the list; the ETags of parts 1 do not match storage",
    );
  });
});
