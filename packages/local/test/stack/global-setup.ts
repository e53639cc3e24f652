// Starts one local stack for every stack test: free ports, DynamoDB in memory, a temp dir.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JWK } from "jose";
import type { TestProject } from "vitest/node";
import { startStack } from "../../src/stack";

declare module "vitest" {
  export interface ProvidedContext {
    stack: { appUrl: string; env: Record<string, string>; privateJwk: JWK };
  }
}

export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(join(tmpdir(), "intake-test-"));
  await chmod(dataDir, 0o755); // clamd drops to the clamav user, which must reach its database
  const stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: true,
    // Quick retries, and a sweeper that runs often enough for a test to see it.
    scan: { retryDelaySeconds: 1, sweepIntervalMs: 1_000 },
    tunables: {
      // Multipart tests send statements of 100 MiB; every other purpose keeps its default limit.
      INTAKE_PURPOSES: JSON.stringify({ statement: { maxSizeBytes: 1024 * 1024 * 1024 } }),
      INTAKE_LOG_LEVEL: process.env.INTAKE_LOG_LEVEL ?? "warn", // the scan consumer logs every file at info
    },
  });
  project.provide("stack", { appUrl: stack.urls.app, env: stack.env, privateJwk: stack.issuer.privateJwk });
  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
