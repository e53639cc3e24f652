// clamd inside the scanner's Lambda sandbox: on the first invocation it loads the databases
// from the signatures bucket and starts clamd on loopback; later invocations reuse it, and
// a clamd that died is started again. The scan handler reaches it through
// INTAKE_CLAMD_HOST/INTAKE_CLAMD_PORT like any other clamd.
import { spawn, type ChildProcess } from "node:child_process";
import { readdir, writeFile } from "node:fs/promises";
import { createConnection } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { clamdConfig } from "@intake/core/scan/clamd-config";
import { imageSettings } from "./settings";
import { download, storeFromEnv } from "./signature-store";

export interface ClamdOptions {
  port: number;
  /** Where the databases are (downloaded there when it has none). */
  dbDir: string;
  /** Where clamd spools INSTREAM data and writes its config. */
  tmpDir: string;
  clamdPath: string;
  readyTimeoutMs: number;
}

// Loading the full databases takes clamd 20-60 s; the Lambda timeout is 5 minutes.
const defaults: ClamdOptions = {
  port: imageSettings().clamdPort,
  dbDir: imageSettings().databaseDir,
  tmpDir: "/tmp",
  clamdPath: "/usr/sbin/clamd", // absolute: the PATH Lambda sets may lack /usr/sbin
  readyTimeoutMs: 180_000,
};

const databaseFile = /\.(cvd|cld|cud|[hm]db|hsb|msb|ndb|ldb|cdb|ign2?|fp|sfp)$/;

let clamd: ChildProcess | undefined;
let starting: Promise<ChildProcess> | undefined;

/** Wraps a handler so clamd is running before it is called. */
export function withClamd<E, C, R>(handler: (event: E, context: C) => Promise<R>, options: Partial<ClamdOptions> = {}) {
  return async (event: E, context: C): Promise<R> => {
    await ensureClamd(options);
    return handler(event, context);
  };
}

/** The running clamd, started (again) when there is none. */
export async function ensureClamd(options: Partial<ClamdOptions> = {}): Promise<ChildProcess> {
  if (clamd && clamd.exitCode === null && clamd.signalCode === null) return clamd;
  starting ??= startClamd({ ...defaults, ...options }).finally(() => (starting = undefined));
  clamd = await starting;
  return clamd;
}

/** Stops the clamd this module started (tests; Lambda just freezes and discards it). */
export function stopClamd(): void {
  clamd?.kill();
  clamd = undefined;
}

async function startClamd(options: ClamdOptions): Promise<ChildProcess> {
  if (!(await hasDatabases(options.dbDir))) {
    const store = storeFromEnv();
    await download(store, options.dbDir);
    if (!(await hasDatabases(options.dbDir))) {
      throw new Error(`No ClamAV databases in s3://${store.bucket}/${store.prefix}: has the signature updater run?`);
    }
  }
  const configFile = join(options.tmpDir, "clamd.conf");
  await writeFile(
    configFile,
    clamdConfig({ port: options.port, databaseDirectory: options.dbDir, temporaryDirectory: options.tmpDir }),
  );
  const child = spawn(options.clamdPath, [`--config-file=${configFile}`], { stdio: ["ignore", "inherit", "inherit"] });
  const exited = new Promise<never>((_, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`clamd exited during start (${signal ?? `code ${code}`})`)));
  });
  try {
    await Promise.race([waitForPong(options.port, options.readyTimeoutMs), exited]);
  } catch (error) {
    child.kill();
    throw error;
  }
  exited.catch(() => {}); // a later exit is noticed by ensureClamd
  return child;
}

async function hasDatabases(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.some((name) => databaseFile.test(name));
}

async function waitForPong(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await ping(port).catch(() => "")) === "PONG") return;
    await sleep(200);
  }
  throw new Error(`clamd did not answer PING within ${timeoutMs} ms`);
}

function ping(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: "127.0.0.1" });
    const chunks: Buffer[] = [];
    socket.setTimeout(2_000, () => socket.destroy(new Error("clamd PING: no reply")));
    socket.on("connect", () => socket.write("zPING\0"));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8").replace(/\0$/, "")));
  });
}
