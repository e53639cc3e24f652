// Fail closed: what clamd cannot fully inspect (encrypted content, nesting or sizes past its
// limits) is quarantined UNSCANNABLE, never ready. Against the real clamd: the shared stack's,
// and one of this file's own with tiny size limits.
import { clamdScanner } from "@intake/core/scan/clamd";
import { inspectEpub } from "@intake/core/process/epub";
import { Scan } from "@intake/core/scan";
import { newUser } from "@intake/testing/api";
import { encryptedPdf } from "@intake/testing/corpus/encrypted-pdf";
import { book, zip } from "@intake/testing/corpus/epubs";
import { pdf } from "@intake/testing/files";
import { send, settled, whereIs, type SendOptions } from "@intake/testing/scan";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eicarBytes, reportedName, SIGNATURES, startClamd, type ClamdHandle } from "../../src/emulators/clamd";
import { freePort } from "../../src/net";

const MiB = 1024 * 1024;
const asBook = { purpose: "book", filename: "book.epub", contentType: "application/epub+zip" } as const;
const asStatement = { purpose: "statement", filename: "statement.pdf", contentType: "application/pdf" } as const;

/** `depth` zips, each deflated inside the next, around `inner`. */
function nested(depth: number, inner: Buffer): Buffer {
  let bytes = inner;
  for (let level = depth; level > 0; level--) bytes = zip([{ name: `level${level}.zip`, data: bytes, deflate: true }]);
  return bytes;
}

const unscannable: Array<{ name: string; file: Omit<SendOptions, "body">; body: () => Buffer; signature: string }> = [
  {
    name: "an ePub holding a ZipCrypto entry with EICAR inside",
    file: asBook,
    body: () => book({ extra: [{ name: "OEBPS/extras/x.com", data: eicarBytes(), deflate: true, password: "pw" }] }),
    signature: "Heuristics.Encrypted.Zip",
  },
  {
    name: "an ePub holding a ZipCrypto entry with harmless text",
    file: asBook,
    body: () => book({ extra: [{ name: "OEBPS/extras/note.txt", data: "just words", password: "pw" }] }),
    signature: "Heuristics.Encrypted.Zip",
  },
  {
    name: "a PDF encrypted (AES-128) with a user password",
    file: asStatement,
    body: () => encryptedPdf({ algorithm: "aes-128", userPassword: "open sesame", payload: eicarBytes() }),
    signature: "Heuristics.Encrypted.PDF",
  },
  {
    name: "an ePub holding archives nested 20 deep (past MaxRecursion)",
    file: asBook,
    body: () => book({ extra: [{ name: "OEBPS/extras/deep.zip", data: nested(20, Buffer.from("harmless")) }] }),
    signature: "Heuristics.Limits.Exceeded.MaxRecursion",
  },
];

describe("through the scan queue", () => {
  it.each(unscannable)("$name is quarantined UNSCANNABLE, never ready", async ({ file, body, signature }) => {
    const { api, sub } = await newUser();
    const sent = await send(api, sub, { ...file, body: body() });
    const upload = await settled(api, sent.uploadId);
    expect(upload).toMatchObject({
      status: "quarantined",
      statusReason: "UNSCANNABLE",
      scan: { verdict: "unscannable", signatures: [signature] },
    });
    expect(await whereIs(sent.locations)).toEqual(["quarantine"]);
  });

  it("a virus beside an encrypted entry is still VIRUS_DETECTED", async () => {
    const { api, sub } = await newUser();
    const body = book({
      extra: [
        { name: "OEBPS/extras/note.txt", data: "just words", password: "pw" },
        { name: "OEBPS/extras/x.com", data: eicarBytes(), deflate: true },
      ],
    });
    const sent = await send(api, sub, { ...asBook, body });
    await expect(settled(api, sent.uploadId)).resolves.toMatchObject({
      status: "quarantined",
      statusReason: "VIRUS_DETECTED",
      scan: { verdict: "infected", signatures: [reportedName(SIGNATURES.eicar)] },
    });
  });
});

describe("past clamd's size limits (a clamd with MaxFileSize 1M, MaxScanSize 2M)", () => {
  let dataDir: string;
  let clamd: ClamdHandle;
  const scan = (bytes: Buffer) =>
    clamdScanner({ host: clamd.host, port: clamd.port, timeoutMs: 30_000 }).scanStream(Readable.from([bytes]));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "intake-unscannable-"));
    await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
    clamd = await startClamd({ dataDir, port: await freePort(), limits: { maxFileSize: "1M", maxScanSize: "2M" } });
  });
  afterAll(async () => {
    await clamd?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    {
      name: "a 3 MiB PDF, EICAR at its start",
      body: () => pdf({ size: 3 * MiB, insert: eicarBytes(), at: 100 }),
      limit: "MaxFileSize",
    },
    {
      name: "an ePub with a stored 3 MiB entry",
      body: () => book({ extra: [{ name: "OEBPS/a.txt", data: Buffer.alloc(3 * MiB, 0x61) }] }),
      limit: "MaxFileSize",
    },
    {
      name: "an ePub whose entries inflate to 2.7 MiB together",
      body: () =>
        book({
          extra: [1, 2, 3].map((n) => ({
            name: `OEBPS/${n}.txt`,
            data: Buffer.alloc(900 * 1024, 0x61),
            deflate: true,
          })),
        }),
      limit: "MaxScanSize",
    },
  ])("$name is unscannable (Heuristics.Limits.Exceeded.$limit)", async ({ body, limit }) => {
    const result = await scan(body());
    expect(result).toEqual({ infected: true, signatures: [`Heuristics.Limits.Exceeded.${limit}`] });
    expect(Scan.verdict({ detectedType: "application/pdf" }, result)).toBe("unscannable");
  });

  it("a deflated entry inflating past MaxFileSize passes clamd (1.4.6) unread, so processing's zip limits refuse it", async () => {
    const body = book({
      extra: [{ name: "OEBPS/a.txt", data: Buffer.concat([Buffer.alloc(3 * MiB, 0x61), eicarBytes()]), deflate: true }],
    });
    await expect(scan(body)).resolves.toEqual({ infected: false });
    const limits = { maxEntries: 10_000, maxUncompressedBytes: 1 * MiB, maxRatio: 100 };
    await expect(inspectEpub(body, { zip: limits })).resolves.toMatchObject({ result: "malformed" });
  });
});
