// `tsc --noEmit` over sst.config.ts, stacks/ and the scanner image's files (stacks/tsconfig.json),
// and over the whole workspace: Vite builds the SPA without type-checking it.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

async function typecheck(project: string): Promise<string> {
  const result = await promisify(execFile)(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: root }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
  );
  return result.stdout;
}

it("the stacks, sst.config.ts and the scanner image's code type-check", async () => {
  expect(await typecheck("stacks")).toBe("");
}, 60_000);

it("every package, the SPA and the tests type-check", async () => {
  expect(await typecheck(".")).toBe("");
}, 120_000);
