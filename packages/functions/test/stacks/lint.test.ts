// Biome's formatter and linter over the whole repository (biome.json): a change that is not
// formatted, or that the linter refuses, fails here. `npx biome check --write .` fixes the format.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");

it("every file is formatted and passes the linter", async () => {
  const output = await promisify(execFile)(process.execPath, [biome, "ci", "--colors=off", "."], { cwd: root }).then(
    ({ stdout, stderr }) => stdout + stderr,
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ""}${error.stderr ?? String(error)}`,
  );
  expect(output).toMatch(/Checked \d+ files/);
  expect(output).not.toMatch(/Found \d+ (error|warning)/);
}, 60_000);
