// `tsc --noEmit` over sst.config.ts, stacks/ and the scanner image's files (stacks/tsconfig.json),
// and `tsc -b` over every project of the workspace (tsconfig.json): Vite builds the SPA without
// type-checking it.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

async function typecheck(...args: string[]): Promise<string> {
  const result = await promisify(execFile)(process.execPath, [tsc, ...args], { cwd: root }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
  );
  return result.stdout;
}

// About 30 s alone on 2 cores; more than 60 s while the other projects run beside it.
it("the stacks, sst.config.ts and the scanner image's code type-check", async () => {
  expect(await typecheck("--noEmit", "-p", "stacks")).toBe("");
}, 240_000);

// One check per package, each with its own libs: on a busy machine that takes minutes.
it("every package, the SPA and the tests type-check", async () => {
  expect(await typecheck("-b")).toBe("");
}, 300_000);
