// The PDF inspector as a Lambda runs it: bundled with esbuild (SST's copy), the worker as a
// second entry point next to the handler's bundle, then run by plain `node` (no tsx, no
// TypeScript sources), inspecting real files.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { pdfWorker } from "@intake/core/process/pdf/index";
import { clean, described, launchLink, truncated } from "@intake/testing/corpus/pdfs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
/** The part of esbuild's API used here (SST's copy; the workspace has no esbuild of its own to import). */
interface Esbuild {
  build(options: object): Promise<{ metafile: { inputs: Record<string, unknown> } }>;
}
const esbuild = createRequire(`${root}node_modules/sst/constructs/Function.js`)("esbuild") as Esbuild;

let dir: string;
let handlerInputs: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pdf-worker-bundle-"));
  const common = { absWorkingDir: root, bundle: true, platform: "node", format: "esm", target: "node22" };
  const options = { ...common, mainFields: ["module", "main"], metafile: true, logLevel: "silent" };
  const handler = await esbuild.build({
    ...options,
    entryPoints: ["packages/core/src/process/pdf/index.ts"],
    outfile: join(dir, "handler.mjs"),
  });
  handlerInputs = Object.keys(handler.metafile.inputs);
  await esbuild.build({ ...options, entryPoints: [pdfWorker.source], outfile: join(dir, pdfWorker.bundled) });
  await writeFile(
    join(dir, "inspect.mjs"),
    [
      'import { readFileSync } from "node:fs";',
      'import { inspectPdf } from "./handler.mjs";',
      "const bytes = new Uint8Array(readFileSync(process.argv[2]));",
      "console.log(JSON.stringify(await inspectPdf(bytes, { timeoutMs: 60000, memoryMb: 256 })));",
    ].join("\n"),
  );
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Inspects `bytes` with the bundle, in a plain `node` process started in the bundle's directory. */
async function inspectWithBundle(bytes: Uint8Array): Promise<unknown> {
  const file = join(dir, `input-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, bytes);
  const { NODE_OPTIONS: _, ...env } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, ["inspect.mjs", file], { cwd: dir, env });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

describe("the PDF worker, bundled", () => {
  it("is its own file beside the handler's bundle, which holds no PDF parser", () => {
    expect(existsSync(join(dir, pdfWorker.bundled))).toBe(true);
    expect(handlerInputs.filter((input) => /node_modules\/.*(pdfjs-dist|pdf-lib)/.test(input))).toEqual([]);
  });

  it("inspects a clean PDF: its metadata", async () => {
    expect(await inspectWithBundle(await clean())).toMatchObject({
      result: "clean",
      metadata: { pageCount: 3, title: described.title, author: described.author },
    });
  });

  it("finds a launch action (pdf-lib inside the bundled worker)", async () => {
    expect(await inspectWithBundle(await launchLink())).toEqual({
      result: "active_content",
      found: ["launch action (Link annotation on page 1)"],
    });
  });

  it("refuses a truncated file (PDF.js inside the bundled worker)", async () => {
    expect(await inspectWithBundle(await truncated())).toMatchObject({ result: "malformed" });
  });
});
