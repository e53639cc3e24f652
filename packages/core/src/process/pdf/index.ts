// PDF inspection in a sandbox: each file is parsed in its own worker thread with a heap limit
// and a wall-clock limit, so a hostile file can only kill that worker, never the caller.
//
// How the worker is found:
// - From the TypeScript sources (vitest, tsx, local mode) this module's URL ends in `.ts`: the
//   worker is `worker.ts` next to it, run by Node's own type stripping with `source-hooks.mjs`
//   (which adds the `.ts` the imports leave out). The worker's modules must therefore use only
//   erasable TypeScript (no enums, namespaces or parameter properties).
// - Bundled (esbuild, Lambda) this module is inside the handler's bundle and its URL is the
//   bundle's: the worker is `pdf-worker.mjs` in the same directory, a second entry point built
//   from `pdfWorker.source` to `pdfWorker.bundled` (see packages/functions/test/stacks/pdf-worker-bundle.test.ts).
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type Inspection, type Limits, ProcessFault } from "../inspection";

/** The worker for a bundler: its source module, and its file name next to the bundle. */
export const pdfWorker = {
  source: fileURLToPath(new URL("./worker.ts", import.meta.url)),
  bundled: "pdf-worker.mjs",
} as const;

const fromSources = import.meta.url.endsWith(".ts");

/** Inspects one PDF in a fresh worker. Throws ProcessFault when it cannot finish (time limit, worker fault). */
export async function inspectPdf(
  bytes: Uint8Array,
  limits: Pick<Limits, "timeoutMs" | "memoryMb">,
  options: { text?: boolean } = {},
): Promise<Inspection> {
  // A copy in an ArrayBuffer of its own: a Buffer may be a view of a shared pool, which cannot be transferred.
  const copy = new Uint8Array(bytes);
  const worker = new Worker(
    fromSources ? new URL("./worker.ts", import.meta.url) : new URL(`./${pdfWorker.bundled}`, import.meta.url),
    {
      workerData: { bytes: copy, text: options.text },
      transferList: [copy.buffer],
      execArgv: fromSources ? ["--import", new URL("./source-hooks.mjs", import.meta.url).href] : [],
      // PDF.js writes to stdout only its load-time warnings about the canvas package it needs for
      // rendering, which inspection never does: dropped, not logged once per file.
      stdout: true,
      resourceLimits: {
        maxOldGenerationSizeMb: limits.memoryMb,
        maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(limits.memoryMb / 8))),
        stackSizeMb: 4,
      },
    },
  );
  worker.stdout.resume();
  return new Promise((resolve, reject) => {
    let settled = false;
    // The answer is given only once the thread is gone: nothing of a file outlives its inspection.
    const settle = (answer: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate().then(answer, answer);
    };
    const timer = setTimeout(
      () => settle(() => reject(new ProcessFault(`PDF inspection took longer than ${limits.timeoutMs} ms`))),
      limits.timeoutMs,
    );
    worker.once("message", (inspection: Inspection) => settle(() => resolve(inspection)));
    worker.once("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
        const detail = `parsing it needs more than ${limits.memoryMb} MiB of memory`;
        settle(() => resolve({ result: "malformed", detail }));
      } else {
        settle(() => reject(new ProcessFault(`PDF worker failed: ${error.message}`, { cause: error })));
      }
    });
    worker.once("exit", (code) =>
      settle(() => reject(new ProcessFault(`PDF worker exited (code ${code}) without an answer`))),
    );
  });
}
