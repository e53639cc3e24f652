import { IgnoreMode } from "aws-cdk-lib";
import * as ecrAssets from "aws-cdk-lib/aws-ecr-assets";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useProject } from "sst/project.js";

export const scannerDockerfile = "packages/functions/scanner/Dockerfile";

/**
 * The ClamAV image both the scanner and the signature updater run, built from the repo root
 * with only what the Dockerfile copies. CDK builds it when it publishes assets (sst deploy);
 * synth only stages and fingerprints the files, so the stack tests need no Docker. (SST's
 * own `runtime: "container"` runs `docker build` during synth, so it cannot be tested offline.)
 */
export function scannerImage(handler: "scan.handler" | "signatures.handler" | "process.handler") {
  const root = useProject().paths.root;
  return lambda.DockerImageCode.fromImageAsset(root, {
    file: scannerDockerfile,
    cmd: [handler],
    platform: ecrAssets.Platform.LINUX_AMD64,
    ignoreMode: IgnoreMode.DOCKER,
    exclude: contextPatterns(join(root, `${scannerDockerfile}.dockerignore`)),
  });
}

function contextPatterns(dockerignore: string): string[] {
  return readFileSync(dockerignore, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
}
