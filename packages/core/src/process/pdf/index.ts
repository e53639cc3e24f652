// PDF inspection in a sandbox: each file is parsed in a worker thread with a heap limit and
// a wall-clock limit, so a hostile file can only kill that worker, never the caller. Workers
// that answered are kept warm for the next file (a few per heap limit, each for at most 50),
// and no more files are parsed at once than are kept warm: the rest wait for a worker.
//
// How the worker is found:
// - From the TypeScript sources (vitest, tsx, local mode) this module's URL ends in `.ts`: the
//   worker is `worker.ts` next to it, run by Node's own type stripping with `source-hooks.mjs`
//   (which adds the `.ts` the imports leave out). The worker's modules must therefore use only
//   erasable TypeScript (no enums, namespaces or parameter properties).
// - Bundled (esbuild, Lambda) this module is inside the handler's bundle and its URL is the
//   bundle's: the worker is `pdf-worker.mjs` in the same directory, a second entry point built
//   from `pdfWorker.source` to `pdfWorker.bundled` (see packages/functions/test/stacks/pdf-worker-bundle.test.ts).
import { Semaphore } from "async-mutex";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type Inspection, type Limits, ProcessFault } from "../inspection";

/** The worker for a bundler: its source module, and its file name next to the bundle. */
export const pdfWorker = {
  source: fileURLToPath(new URL("./worker.ts", import.meta.url)),
  bundled: "pdf-worker.mjs",
} as const;

const fromSources = import.meta.url.endsWith(".ts");

/** Warm workers kept per heap limit: a worker's start (loading PDF.js and pdf-lib) is most of a PDF's cost. */
const MAX_IDLE = 4;
/** A worker is replaced after this many files, so nothing one file left behind lasts long. */
const MAX_USES = 50;

/**
 * Files parsed at once per heap limit; more wait for a worker to be given back. Under load
 * (the local poller runs 20 records at once) starting a worker per file costs far more CPU
 * than waiting for a warm one, and every start slows the files already running.
 */
const MAX_BUSY = MAX_IDLE;

const idle = new Map<number, Worker[]>();
const uses = new WeakMap<Worker, number>();
/** Places to parse in, per heap limit. */
const parsing = new Map<number, Semaphore>();

function placesFor(memoryMb: number): Semaphore {
  const places = parsing.get(memoryMb) ?? new Semaphore(MAX_BUSY);
  parsing.set(memoryMb, places);
  return places;
}

function startWorker(memoryMb: number): Worker {
  const worker = new Worker(
    fromSources ? new URL("./worker.ts", import.meta.url) : new URL(`./${pdfWorker.bundled}`, import.meta.url),
    {
      execArgv: fromSources ? ["--import", new URL("./source-hooks.mjs", import.meta.url).href] : [],
      // stdout stays the process's own: a piped stream would keep an idle worker's process
      // alive. PDF.js writes to it only load-time warnings (once per worker).
      resourceLimits: {
        maxOldGenerationSizeMb: memoryMb,
        maxYoungGenerationSizeMb: Math.min(32, Math.max(4, Math.floor(memoryMb / 8))),
        stackSizeMb: 4,
      },
    },
  );
  // An idle worker that dies (it should not) is simply not reused.
  worker.once("exit", () => removeIdle(memoryMb, worker));
  return worker;
}

function takeWorker(memoryMb: number): Worker {
  const worker = idle.get(memoryMb)?.pop();
  if (worker) {
    worker.ref();
    return worker;
  }
  return startWorker(memoryMb);
}

/** Keeps a worker that answered for the next file, or ends it. Idle workers do not keep the process alive. */
function giveBack(memoryMb: number, worker: Worker): void {
  const count = (uses.get(worker) ?? 0) + 1;
  uses.set(worker, count);
  const pool = idle.get(memoryMb) ?? [];
  if (count >= MAX_USES || pool.length >= MAX_IDLE) {
    void worker.terminate();
    return;
  }
  worker.unref();
  pool.push(worker);
  idle.set(memoryMb, pool);
}

function removeIdle(memoryMb: number, worker: Worker): void {
  const pool = idle.get(memoryMb);
  const at = pool?.indexOf(worker) ?? -1;
  if (pool && at >= 0) pool.splice(at, 1);
}

/**
 * Inspects one PDF in a worker (a warm one when there is one). Throws ProcessFault when it
 * cannot finish (time limit, worker fault); a worker that went past a limit or failed is
 * terminated before the answer is given, so it never sees another file.
 */
export async function inspectPdf(
  bytes: Uint8Array,
  limits: Pick<Limits, "timeoutMs" | "memoryMb">,
  options: { text?: boolean } = {},
): Promise<Inspection> {
  return placesFor(limits.memoryMb).runExclusive(() => inspectInWorker(bytes, limits, options));
}

/** The time limit starts here, once the file has a worker. */
function inspectInWorker(
  bytes: Uint8Array,
  limits: Pick<Limits, "timeoutMs" | "memoryMb">,
  options: { text?: boolean },
): Promise<Inspection> {
  // A copy in an ArrayBuffer of its own: a Buffer may be a view of a shared pool, which cannot be transferred.
  const copy = new Uint8Array(bytes);
  const worker = takeWorker(limits.memoryMb);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = () => {
      settled = true;
      clearTimeout(timer);
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    // A failure's answer is given only once the thread is gone.
    const fail = (answer: () => void) => {
      if (settled) return;
      finish();
      worker.terminate().then(answer, answer);
    };
    const onMessage = (inspection: Inspection) => {
      if (settled) return;
      finish();
      giveBack(limits.memoryMb, worker);
      resolve(inspection);
    };
    const onError = (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
        const detail = `parsing it needs more than ${limits.memoryMb} MiB of memory`;
        fail(() => resolve({ result: "malformed", detail }));
      } else {
        fail(() => reject(new ProcessFault(`PDF worker failed: ${error.message}`, { cause: error })));
      }
    };
    const onExit = (code: number) =>
      fail(() => reject(new ProcessFault(`PDF worker exited (code ${code}) without an answer`)));
    const timer = setTimeout(
      () => fail(() => reject(new ProcessFault(`PDF inspection took longer than ${limits.timeoutMs} ms`))),
      limits.timeoutMs,
    );
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage({ bytes: copy, text: options.text }, [copy.buffer]);
  });
}
