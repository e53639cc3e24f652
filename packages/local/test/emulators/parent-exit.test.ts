import { spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort } from "../../src/net";

const fixture = join(import.meta.dirname, "fixtures", "hold.ts");

/** Alive and not a zombie (a container's init may not reap orphans). */
async function alive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat !== "" && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await sleep(50)) {
    if (!(await alive(pid))) return true;
  }
  return false;
}

/** Runs the fixture in its own Node process; resolves with the emulator's pid once it is ready. */
function runParent(args: string[]) {
  const parent = spawn(process.execPath, ["--import", "tsx", fixture, ...args], {
    cwd: join(import.meta.dirname, "..", ".."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => parent.once("exit", resolve));
  const childPid = new Promise<number>((resolve, reject) => {
    let out = "";
    parent.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /ready (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    parent.once("exit", (code) => reject(new Error(`fixture exited (${code}) before ready: ${out}`)));
  });
  return { parent, exited, childPid };
}

describe("emulators die with their parent", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "intake-parent-"));
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const then of ["SIGTERM", "SIGINT", "exit"] as const) {
    test(`clamd, parent ends by ${then}`, async () => {
      const port = await freePort();
      const { parent, exited, childPid } = runParent(["clamd", String(port), then, join(dataDir, then)]);
      const pid = await childPid;
      if (then !== "exit") parent.kill(then);
      await exited;
      // The process being gone is the proof: its port, once free, may be taken at once by
      // another test file's freePort(), so "nothing answers on the port" would be racy.
      expect(await gone(pid, 10_000)).toBe(true);
    });
  }

  test("DynamoDB Local, parent ends by SIGINT", async () => {
    const port = await freePort();
    const { parent, exited, childPid } = runParent(["dynamodb", String(port), "wait"]);
    const pid = await childPid;
    parent.kill("SIGINT");
    await exited;
    expect(await gone(pid, 10_000)).toBe(true);
  }, 60_000);
});
