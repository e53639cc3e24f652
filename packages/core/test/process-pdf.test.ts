// The PDF inspector on the test corpus: each file, the verdict the processing stage acts on,
// parsed for real in its sandboxed worker.
import * as corpus from "@intake/testing/corpus/pdfs";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { ProcessFault } from "../src/process/inspection";
import { inspectPdf } from "../src/process/pdf/index";
import { isoDate } from "../src/process/pdf/date";

const limits = { timeoutMs: 30_000, memoryMb: 256 };

/** A catalog with an empty page tree and no xref at all: PDF.js rebuilds it and finds no page. */
const zeroPages = () =>
  new TextEncoder().encode(
    "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
  );
/** A worker loads PDF.js (~3.5 MB of modules) each time: seconds on a busy 2-core machine. */
const worker = { timeout: 60_000 };

describe("inspectPdf: clean", worker, () => {
  it("a 3-page PDF is checked, with its page count, title, author, date and language", async () => {
    const inspection = await inspectPdf(await corpus.clean(), limits);
    expect(inspection).toEqual({
      result: "clean",
      disarm: "checked",
      removed: [],
      metadata: {
        pageCount: 3,
        title: corpus.described.title,
        author: corpus.described.author,
        documentDate: "2024-03-05T14:30:00+01:00",
        language: "en-GB",
      },
    });
  });

  it("a Buffer cut from Node's shared pool is inspected like any bytes", async () => {
    const pooled = Buffer.from(await corpus.clean());
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.length); // a view of the pool
    expect((await inspectPdf(pooled, limits)).result).toBe("clean");
  });

  it("the caller's bytes are left as they were", async () => {
    const bytes = await corpus.clean();
    const before = bytes.slice();
    await inspectPdf(bytes, limits);
    expect(bytes).toEqual(before);
  });
});

describe("inspectPdf: active content, each finding named", worker, () => {
  const cases: [string, () => Promise<Uint8Array>, string[]][] = [
    ["document JavaScript", corpus.documentJavaScript, ['JavaScript (document script "init")']],
    ["JavaScript open action", corpus.openActionJavaScript, ["JavaScript (open action)"]],
    ["a link running JavaScript", corpus.linkJavaScript, ["JavaScript (Link annotation on page 1)"]],
    ["a page running JavaScript when opened", corpus.pageOpenJavaScript, ["JavaScript (page 2 additional action /O)"]],
    ["a launch open action", corpus.launchOpenAction, ["launch action (open action)"]],
    ["a link launching a program", corpus.launchLink, ["launch action (Link annotation on page 1)"]],
    ["an embedded file", corpus.embeddedFile, ['embedded file "invoice.xml"']],
    [
      "a file attachment annotation",
      corpus.attachmentAnnotation,
      ['embedded file "payload.exe" (annotation on page 1)'],
    ],
    ["an XFA form", corpus.xfaForm, ["XFA form"]],
  ];
  for (const [name, build, found] of cases) {
    it(name, async () => {
      expect(await inspectPdf(await build(), limits)).toEqual({ result: "active_content", found });
    });
  }
});

describe("inspectPdf: malformed", worker, () => {
  it("a truncated file (cut mid-object, no trailer)", async () => {
    const inspection = await inspectPdf(await corpus.truncated(), limits);
    expect(inspection).toEqual({ result: "malformed", detail: expect.stringContaining("PDF.js cannot read it") });
  });

  it("a broken xref and trailer that PDF.js cannot rebuild (no catalog left to find)", async () => {
    const inspection = await inspectPdf(await corpus.brokenXref(), limits);
    expect(inspection).toEqual({ result: "malformed", detail: "PDF.js cannot read it: Invalid PDF structure." });
  });

  it("a file PDF.js recovers (no xref at all) to zero pages", async () => {
    const inspection = await inspectPdf(zeroPages(), limits);
    expect(inspection).toEqual({ result: "malformed", detail: "no pages" });
  });

  it("a page tree that repeats a node (PDF.js counts 2^40 pages from one)", async () => {
    const inspection = await inspectPdf(await corpus.repeatedPageTree(40), limits);
    expect(inspection).toEqual({ result: "malformed", detail: "the page tree repeats a node" });
  });

  it("an encrypted file", async () => {
    const inspection = await inspectPdf(await corpus.encrypted(), limits);
    expect(inspection).toEqual({ result: "malformed", detail: expect.stringMatching(/^encrypted/) });
  });

  it("not a PDF at all", async () => {
    const inspection = await inspectPdf(new TextEncoder().encode("hello, world"), limits);
    expect(inspection.result).toBe("malformed");
  });

  it("a decompression bomb past the memory limit ends its worker, and the caller carries on", {
    timeout: 120_000,
  }, async () => {
    const tight = { timeoutMs: 60_000, memoryMb: 32 };
    const bomb = await corpus.metadataBomb(64);
    let inspection: unknown;
    const started = await workersStartedBy(async () => {
      inspection = await inspectPdf(bomb, tight);
    });
    expect(inspection).toEqual({ result: "malformed", detail: "parsing it needs more than 32 MiB of memory" });
    expect(started.map((thread) => thread.threadId)).toEqual([-1]);
    // The same limit is enough for an ordinary file: it is the bomb that did not fit.
    expect(await inspectPdf(await corpus.clean(), tight)).toMatchObject({ result: "clean" });
  });
});

describe("inspectPdf: time limit", worker, () => {
  // No file found that makes PDF.js or pdf-lib spin (a page tree that repeats nodes, which
  // made pdf-lib walk 2^depth pages, is refused as malformed), so a real parse of a clean file
  // gets a 1 ms limit: shorter than starting the worker, so it is always passed.
  it("past the limit the worker is terminated and a ProcessFault is thrown (the queue retries)", async () => {
    const bytes = await corpus.clean();
    const started = await workersStartedBy(() =>
      expect(inspectPdf(bytes, { timeoutMs: 1, memoryMb: 64 })).rejects.toThrow(ProcessFault),
    );
    expect(started.map((thread) => thread.threadId)).toEqual([-1]); // -1: the thread has exited
    expect(await inspectPdf(bytes, limits)).toMatchObject({ result: "clean" });
  });
});

describe("inspectPdf: many files at once", worker, () => {
  // A worker's start is most of a small PDF's cost: files beyond the warm workers wait for one
  // rather than each starting their own (the local poller hands over 20 records at once).
  it("ten PDFs at once are each inspected, by at most four workers", async () => {
    const own = { timeoutMs: 30_000, memoryMb: 200 }; // a heap limit no other test uses: no warm workers yet
    const files = await Promise.all(Array.from({ length: 10 }, () => corpus.clean()));
    let inspections: unknown[] = [];
    const started = await workersStartedBy(async () => {
      inspections = await Promise.all(files.map((file) => inspectPdf(file, own)));
    });
    expect(inspections).toHaveLength(10);
    for (const inspection of inspections)
      expect(inspection).toMatchObject({ result: "clean", metadata: { pageCount: 3 } });
    expect(started.length).toBeLessThanOrEqual(4);
  });
});

/** The worker threads created while `run` runs (Node publishes each on the `worker_threads` channel). */
async function workersStartedBy(run: () => Promise<unknown>): Promise<Worker[]> {
  const started: Worker[] = [];
  const collect = (message: unknown) => started.push((message as { worker: Worker }).worker);
  subscribe("worker_threads", collect);
  try {
    await run();
  } finally {
    unsubscribe("worker_threads", collect);
  }
  return started;
}

describe("isoDate", () => {
  it.each([
    ["D:20240305143000+01'00'", "2024-03-05T14:30:00+01:00"],
    ["D:20240305143000-05'30", "2024-03-05T14:30:00-05:30"],
    ["D:20240305143000Z", "2024-03-05T14:30:00Z"],
    ["D:2024", "2024-01-01T00:00:00"],
    ["D:20240230120000Z", undefined],
    ["yesterday", undefined],
  ])("%s → %s", (pdfDate, iso) => {
    expect(isoDate(pdfDate)).toBe(iso);
  });
});
