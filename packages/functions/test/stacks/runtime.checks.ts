import type { Template } from "aws-cdk-lib/assertions";
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { runtimePin } from "../../../../scripts/setup.mjs";
import { scannerDockerfile } from "../../../../stacks/scanner-image";
import type { StackName } from "./synth";

const root = new URL("../../../../", import.meta.url);

/** Our own functions (SST bundles them from packages/): CDK's helper functions pick their own runtime. */
function ourFunctions(templates: Record<StackName, Template>) {
  return Object.values(templates).flatMap((template) =>
    Object.values(template.findResources("AWS::Lambda::Function")).filter((fn) =>
      String(fn.Properties.Handler ?? "").startsWith("packages/"),
    ),
  );
}

export function runtimeChecks(templates: () => Record<StackName, Template>) {
  const { major } = runtimePin();

  it("every Node Lambda runs the Node major pinned in .node-version", () => {
    const functions = ourFunctions(templates());
    expect(functions.length).toBeGreaterThanOrEqual(2); // the API and the sweeper
    for (const fn of functions) expect(fn.Properties.Runtime, fn.Properties.Handler).toBe(`nodejs${major}.x`);
  });

  it("the scanner image is built on, and bundled for, the same Node major", () => {
    const dockerfile = readFileSync(new URL(scannerDockerfile, root), "utf8");
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_IMAGE=node:${major}-bookworm$`, "m"));
    expect(dockerfile).toContain(`--target=node${major} `);
  });

  it("the image installs the sharp the processing tests ran with (it is kept out of the bundle)", () => {
    const dockerfile = readFileSync(new URL(scannerDockerfile, root), "utf8");
    const installed = /npm install --omit=dev sharp@(\S+)/.exec(dockerfile)?.[1];
    const tested = JSON.parse(
      readFileSync(new URL("node_modules/sharp/package.json", new URL("packages/core/", root)), "utf8"),
    );
    expect(installed).toBe(tested.version);
  });
}
