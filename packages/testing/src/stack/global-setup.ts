// Starts one local stack for the integration and browser projects (both name this file): free
// ports, DynamoDB in memory, a temp dir. vitest runs every project's global setup in its one main
// process, so the second project to ask gets the stack the first one started.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JWK } from "jose";
import type { TestProject } from "vitest/node";
import { startStack } from "@intake/local/stack";

declare module "vitest" {
  export interface ProvidedContext {
    stack: { appUrl: string; env: Record<string, string>; privateJwk: JWK };
  }
}

interface Shared {
  users: number;
  started: ReturnType<typeof start>;
}
const key = Symbol.for("intake.test.stack");
const registry = globalThis as { [key]?: Shared };

export default async function setup(project: TestProject) {
  registry[key] ??= { users: 0, started: start() };
  const shared = registry[key];
  shared.users += 1;
  const { stack, dataDir } = await shared.started;
  project.provide("stack", { appUrl: stack.urls.app, env: stack.env, privateJwk: stack.issuer.privateJwk });
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete registry[key];
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}

async function start() {
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
  return { stack, dataDir };
}
