import { afterEach, describe, expect, it, vi } from "vitest";
import { log, withLogContext } from "../src/log";

/** The JSON lines written to stderr (warnings) while `run` runs. */
async function linesOf(run: () => Promise<void>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  vi.spyOn(console, "warn").mockImplementation((line: string) => void lines.push(line));
  await run();
  return lines.map((line) => JSON.parse(line));
}

afterEach(() => vi.restoreAllMocks());

describe("log lines carry the request and the upload they belong to", () => {
  it("a line logged deep inside a request, after awaits, has its requestId and uploadId", async () => {
    const lines = await linesOf(() =>
      withLogContext({ requestId: "req-1" }, async () => {
        log("warn", "before the upload is known");
        await withLogContext({ uploadId: "upl_1" }, async () => {
          await new Promise((resolve) => setImmediate(resolve));
          log("warn", "scan: fault", { key: "staging/o/upl_1.pdf" });
        });
      }),
    );
    expect(lines).toEqual([
      expect.objectContaining({ level: "warn", message: "before the upload is known", requestId: "req-1" }),
      expect.objectContaining({
        message: "scan: fault",
        requestId: "req-1",
        uploadId: "upl_1",
        key: "staging/o/upl_1.pdf",
      }),
    ]);
    expect(lines[0]).not.toHaveProperty("uploadId");
    expect(typeof lines[0]!.time).toBe("string");
  });

  it("requests running at the same time keep their own ids", async () => {
    const request = (n: number) =>
      withLogContext({ requestId: `req-${n}`, uploadId: `upl_${n}` }, async () => {
        for (let i = 0; i < 3; i++) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          log("warn", `step ${i}`, { n });
        }
      });
    const lines = await linesOf(async () => void (await Promise.all([request(1), request(2), request(3)])));
    expect(lines).toHaveLength(9);
    for (const line of lines) expect(line).toMatchObject({ requestId: `req-${line.n}`, uploadId: `upl_${line.n}` });
  });

  it("a field left undefined does not hide the context's upload id", async () => {
    const [line] = await linesOf(() =>
      withLogContext({ uploadId: "upl_1" }, async () => log("warn", "x", { uploadId: undefined })),
    );
    expect(line).toMatchObject({ uploadId: "upl_1" });
  });

  it("a line outside any request has no ids", async () => {
    const [line] = await linesOf(async () => log("warn", "alone"));
    expect(line).not.toHaveProperty("requestId");
    expect(line).not.toHaveProperty("uploadId");
  });
});
