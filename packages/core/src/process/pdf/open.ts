// The document as PDF.js reads it: whether it opens at all, its pages and its Info.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import * as pdfjsWorker from "pdfjs-dist/legacy/build/pdf.worker.mjs";
import type { Metadata } from "../inspection";
import { isoDate } from "./date";
import { textLayer } from "./text";

// PDF.js runs its own "worker" in this thread (we are already inside a worker_threads Worker):
// handing it the module here stops it from importing pdf.worker.mjs by URL, which a bundle has not.
(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

export type Opened = { ok: true; metadata: Metadata; xfa: boolean; text?: string } | { ok: false; detail: string };

interface Info {
  Title?: unknown;
  Author?: unknown;
  CreationDate?: unknown;
  Language?: unknown;
  IsXFAPresent?: unknown;
}

/** `bytes` is consumed (PDF.js empties the buffer it is given): pass a copy. */
export async function open(bytes: Uint8Array, options: { text?: boolean } = {}): Promise<Opened> {
  const task = getDocument({
    data: bytes,
    // No `isEvalSupported: false`: PDF.js 6 never compiles code from a file (the option is gone).
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    enableXfa: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    // Rule: a PDF is a document only if it has a page PDF.js can load (a recovered file may have none).
    if (doc.numPages < 1) return { ok: false, detail: "no pages" };
    await doc.getPage(1);
    const info = (await doc.getMetadata()).info as Info;
    const date = text(info.CreationDate);
    return {
      ok: true,
      xfa: info.IsXFAPresent === true,
      ...(options.text ? { text: await textLayer(doc) } : {}),
      metadata: {
        pageCount: doc.numPages,
        title: text(info.Title),
        author: text(info.Author),
        language: text(info.Language),
        documentDate: date ? isoDate(date) : undefined,
      },
    };
  } catch (error) {
    const { name, message } = error instanceof Error ? error : { name: "Error", message: String(error) };
    if (name === "PasswordException") return { ok: false, detail: "encrypted: it needs a password to open" };
    return { ok: false, detail: `PDF.js cannot read it: ${message}` };
  } finally {
    await task.destroy();
  }
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
