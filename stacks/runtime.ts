import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Runtime } from "sst/constructs";
import { useProject } from "sst/project.js";

/**
 * The Lambda runtime of the Node major pinned in .node-version, the one pin that local mode,
 * the tests and the scanner image also follow (a test holds them together).
 */
export function lambdaRuntime(): Runtime {
  const version = readFileSync(join(useProject().paths.root, ".node-version"), "utf8").trim();
  return `nodejs${version.replace(/^v/, "").split(".")[0]}.x` as Runtime;
}
