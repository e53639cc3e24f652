import { spawn, type ChildProcess } from "node:child_process";

/** An emulator process that dies with this one and can be stopped and awaited. */
export interface ManagedChild {
  readonly pid: number;
  readonly exited: Promise<Exit>;
  isRunning(): boolean;
  /** The last few KB it wrote to stdout and stderr. */
  outputTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

const TAIL_BYTES = 8192;
const live = new Set<ChildProcess>();
let parentHooked = false;

function hookParent(): void {
  if (parentHooked) return;
  parentHooked = true;
  process.on("exit", () => {
    for (const child of live) child.kill("SIGTERM");
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      for (const child of live) child.kill("SIGTERM");
      // A listener disables Node's default exit on this signal; keep that default unless
      // the application listens too (it then shuts down in its own way).
      if (process.listenerCount(signal) === 1) {
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

async function withinMs(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export interface StartChildOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  /** Shown when `command` cannot be found. */
  missingHint: string;
  /** Resolves when the process serves; `signal` aborts when the process exits first. */
  ready(signal: AbortSignal): Promise<void>;
  timeoutMs: number;
}

/** Spawns the process and resolves once `ready` does; rejects with its output tail if it exits or times out. */
export async function startChild(options: StartChildOptions): Promise<ManagedChild> {
  hookParent();
  const { name, command, args } = options;
  const child = spawn(command, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-TAIL_BYTES);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const exited = new Promise<Exit>((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, error }));
    child.once("exit", (code, signal) => resolve({ code, signal }));
  }).finally(() => live.delete(child));
  const outputRead = new Promise<void>((resolve) => child.once("close", () => resolve()));
  if (child.pid !== undefined) live.add(child);

  const isRunning = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
  const stop = async (graceMs = 10_000) => {
    if (isRunning()) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited.finally(() => clearTimeout(timer));
    }
    await exited;
  };
  const handle: ManagedChild = {
    get pid() {
      return child.pid ?? -1;
    },
    exited,
    isRunning,
    outputTail: () => tail,
    stop,
  };

  const exitedEarly = new AbortController();
  void exited.then(() => exitedEarly.abort());
  const timeout = AbortSignal.timeout(options.timeoutMs);
  try {
    await Promise.race([
      options.ready(AbortSignal.any([exitedEarly.signal, timeout])),
      exited.then(() => Promise.reject(new Error("exited"))),
    ]);
    return handle;
  } catch (cause) {
    const diedEarly = !isRunning();
    await stop(2_000);
    const exit = await exited;
    await withinMs(outputRead, 500); // a grandchild may hold the pipes open
    const output = tail.trim() ? `\n--- ${name} output (tail) ---\n${tail.trim()}` : "";
    if ((exit.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT") {
      throw new Error(`${name}: ${command} not found. ${options.missingHint}`, { cause });
    }
    if (diedEarly) {
      const how = exit.error?.message ?? (exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`);
      throw new Error(`${name} exited before it was ready (${how})${output}`, { cause });
    }
    if (timeout.aborted) {
      throw new Error(`${name} was not ready after ${options.timeoutMs} ms${output}`, { cause });
    }
    throw new Error(`${name} failed to start: ${(cause as Error).message}${output}`, { cause });
  }
}
