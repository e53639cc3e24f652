// PDF.js's worker module ships no types; Intake only hands it to PDF.js (see open.ts).
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: unknown;
}
