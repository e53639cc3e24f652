// OCR for images (the local engine), with tesseract.js and the English data shipped in
// @tesseract.js-data/eng: nothing is downloaded at run time. One worker is kept warm while
// images keep coming (its start costs about a second); a recognition past the time limit terminates it.
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import { createWorker, OEM, type Worker } from "tesseract.js";
import { ProcessFault } from "../process/inspection";

/** A4 at 300 dpi: larger images are scaled down first, which bounds OCR's time on a 30-megapixel photo. */
const maxSide = 3508;

/** A worker idle this long is ended: it would otherwise hold the process open (tests, local mode's shutdown). */
const idleMs = 5_000;

let warm: Promise<Worker> | undefined;
let idle: NodeJS.Timeout | undefined;

function langPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
}

function worker(timeoutMs: number): Promise<Worker> {
  if (warm) return warm;
  const starting = createWorker("eng", OEM.LSTM_ONLY, { langPath: langPath(), gzip: true, cacheMethod: "none" });
  warm = withTimeout(starting, timeoutMs, "starting the OCR worker").catch((error) => {
    warm = undefined;
    // A start that finishes after its time limit leaves a worker nobody uses: end it then.
    starting.then((late) => late.terminate()).catch(() => undefined);
    throw error;
  });
  return warm;
}

export interface Recognised {
  text: string;
  /** 0–1, tesseract's mean word confidence. */
  confidence: number;
}

/** Reads the text of an image. Throws ProcessFault past `timeoutMs` (the record is retried). */
export async function recognise(
  image: Uint8Array,
  limits: { timeoutMs: number; maxPixels: number },
): Promise<Recognised> {
  const started = Date.now();
  const prepared = await sharp(image, { limitInputPixels: limits.maxPixels, failOn: "none" })
    .rotate()
    .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true })
    .greyscale()
    // Tesseract warns about (and guesses) the resolution of an image that states none.
    .withDensity(300)
    .png({ compressionLevel: 1 })
    .toBuffer();
  const left = () => Math.max(1, limits.timeoutMs - (Date.now() - started));
  // One image at a time on the one worker: a recognition that times out ends the worker, and
  // an image sent to it meanwhile would fail inside tesseract.js (an unhandled rejection) instead
  // of waiting for the next worker.
  return exclusive(async () => {
    clearTimeout(idle);
    const ocr = await worker(left());
    try {
      const { data } = await withTimeout(
        Promise.resolve().then(() => ocr.recognize(prepared)),
        left(),
        "OCR",
      );
      idle = setTimeout(() => void stop(), idleMs).unref();
      return { text: data.text, confidence: data.confidence / 100 };
    } catch (error) {
      // A worker stopped mid-recognition cannot be trusted with the next image.
      await stop();
      throw error;
    }
  });
}

let turn: Promise<unknown> = Promise.resolve();

/** Runs `job` after every job started before it has settled. */
function exclusive<T>(job: () => Promise<T>): Promise<T> {
  const run = turn.then(job, job);
  turn = run.catch(() => undefined);
  return run;
}

/** Ends the warm worker (tests, shutdown). */
export async function stop(): Promise<void> {
  clearTimeout(idle);
  const current = warm;
  warm = undefined;
  if (current) await current.then((w) => w.terminate()).catch(() => undefined);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProcessFault(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
