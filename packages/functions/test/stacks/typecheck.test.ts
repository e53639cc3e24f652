// `tsc --noEmit` over sst.config.ts, stacks/ and the scanner image's files (stacks/tsconfig.json).
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

it("the stacks, sst.config.ts and the scanner image's code type-check", async () => {
  const result = await promisify(execFile)(process.execPath, [tsc, "--noEmit", "-p", "stacks"], { cwd: root }).catch(
    (error: { stdout?: string; code?: number }) => ({ stdout: error.stdout ?? String(error), code: error.code }),
  );
  expect(result.stdout).toBe("");
}, 60_000);
