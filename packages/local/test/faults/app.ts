// The fault suite's app process: the whole local stack, as `npm start` runs it, on the data dir
// and port it is given. The parent takes its parts down and up over IPC, and SIGKILLs its
// process group to crash all of it at once.
import { startStack, type FaultyPart } from "../../src/stack";

export type Command = { id: number; part: FaultyPart; to: "down" | "up" };
export type Reply = { id: number; error?: string } | { ready: { env: Record<string, string>; app: string } };

const [dataDir, port] = process.argv.slice(2);
if (!dataDir || !port) throw new Error("usage: app.ts <dataDir> <port>");

const stack = await startStack({
  port: Number(port),
  dataDir,
  persistDynamo: true,
  web: false,
  // A failed record comes back after 1 s, anything unchanged for 3 s counts as stuck; the
  // parent runs the sweeper itself.
  scan: {
    retryDelaySeconds: 1,
    visibilityTimeoutSeconds: 3,
    maxReceiveCount: 5,
    sweepIntervalMs: 3_600_000,
    waitTimeSeconds: 1,
  },
  tunables: { INTAKE_LOG_LEVEL: "error" },
});

const reply = (message: Reply) => process.send?.(message);
process.on("message", async ({ id, part, to }: Command) => {
  try {
    await stack.fault[part][to]();
    reply({ id });
  } catch (error) {
    reply({ id, error: (error as Error).message });
  }
});
process.on("SIGTERM", async () => {
  await stack.stop();
  process.exit(0);
});
reply({ ready: { env: stack.env, app: stack.urls.app } });
