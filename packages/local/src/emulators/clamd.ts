import { existsSync } from "node:fs";
import { chown, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createConnection } from "node:net";
import { dirname, join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { assertPortFree } from "../net";
import { startChild } from "./child";
import { ndbDatabase } from "./signatures";
import { clamdConfig, type Limits as ClamdLimits } from "@intake/core/scan/clamd-config";

export { eicarBytes, markerBytes, reportedName, SIGNATURES, type SignatureName } from "./signatures";

export const CLAMD_PATH = "/usr/sbin/clamd";

export interface ClamdOptions {
  /** clamd's files go to `<dataDir>/clamav` (db, run, tmp, clamd.conf). */
  dataDir: string;
  port: number;
  timeoutMs?: number;
  /** Tests only: smaller scan limits than the policy's. */
  limits?: Partial<ClamdLimits>;
}

export interface ClamdHandle {
  host: "127.0.0.1";
  port: number;
  /** The local (Unix) socket. */
  socket: string;
  pid: number;
  stop(): Promise<void>;
}

async function clamavIds(): Promise<{ uid: number; gid: number }> {
  const line = (await readFile("/etc/passwd", "utf8")).split("\n").find((l) => l.startsWith("clamav:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (uid === undefined || gid === undefined) throw new Error("clamd: no clamav user in /etc/passwd");
  return { uid: Number(uid), gid: Number(gid) };
}

// clamd drops privileges to clamav, which must be able to walk down to its directories.
async function assertReachable(dir: string, { uid, gid }: { uid: number; gid: number }): Promise<void> {
  for (let path = dirname(dir); ; path = dirname(path)) {
    const s = await stat(path);
    const ok = s.mode & 0o001 || (s.uid === uid && s.mode & 0o100) || (s.gid === gid && s.mode & 0o010);
    if (!ok) {
      throw new Error(
        `clamd runs as user clamav, which cannot enter ${path} (mode ${(s.mode & 0o777).toString(8)}); ` +
          `use a dataDir below directories others can enter (chmod o+x)`,
      );
    }
    if (path === dirname(path)) return;
  }
}

/** Sends one `z`-command and returns the reply without its NUL terminator. */
export function clamdCommand(port: number, command: string, host = "127.0.0.1"): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host });
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error(`clamd ${command}: no reply`)));
    socket.on("connect", () => socket.write(`z${command}\0`));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8").replace(/\0$/, "")));
  });
}

async function waitForPong(port: number, signal: AbortSignal): Promise<void> {
  for (;;) {
    signal.throwIfAborted();
    if ((await clamdCommand(port, "PING").catch(() => "")) === "PONG") return;
    await sleep(50);
  }
}

export async function startClamd({ dataDir, port, timeoutMs = 60_000, limits }: ClamdOptions): Promise<ClamdHandle> {
  if (!existsSync(CLAMD_PATH)) {
    throw new Error(
      `clamd: ${CLAMD_PATH} is missing. Install it with apt-get install -y clamav clamav-daemon (or run node scripts/setup.mjs).`,
    );
  }
  const home = join(resolve(dataDir), "clamav");
  const [db, run, tmp] = ["db", "run", "tmp"].map((name) => join(home, name)) as [string, string, string];
  const socket = join(run, "clamd.sock");
  if (Buffer.byteLength(socket) > 107) throw new Error(`clamd: socket path too long for a Unix socket: ${socket}`);
  await assertPortFree(port);

  for (const dir of [db, run, tmp]) await mkdir(dir, { recursive: true, mode: 0o755 });
  await writeFile(join(db, "intake-test.ndb"), ndbDatabase(), { mode: 0o644 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const ids = await clamavIds();
    await assertReachable(db, ids);
    for (const dir of [run, tmp]) await chown(dir, ids.uid, ids.gid);
  }
  const configFile = join(home, "clamd.conf");
  await writeFile(
    configFile,
    clamdConfig({
      port,
      localSocket: socket,
      databaseDirectory: db,
      temporaryDirectory: tmp,
      user: asRoot ? "clamav" : undefined,
      limits,
    }),
  );

  const child = await startChild({
    name: "clamd",
    command: CLAMD_PATH,
    args: [`--config-file=${configFile}`],
    missingHint: "Install it with apt-get install -y clamav clamav-daemon.",
    ready: (signal) => waitForPong(port, signal),
    timeoutMs,
  });
  return { host: "127.0.0.1", port, socket, pid: child.pid, stop: () => child.stop() };
}
