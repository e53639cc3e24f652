import { chmod, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  eicarBytes,
  markerBytes,
  reportedName,
  SIGNATURES,
  startClamd,
  type ClamdHandle,
} from "../../src/emulators/clamd";
import { canConnect, freePort } from "../../src/net";

/** clamd's INSTREAM: `zINSTREAM\0`, chunks each prefixed by a 4-byte big-endian length, then a zero length. */
function instream(target: { port: number } | { path: string }, data: Buffer, chunkSize = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = "path" in target ? createConnection(target.path) : createConnection(target.port, "127.0.0.1");
    const reply: Buffer[] = [];
    socket.on("data", (chunk) => reply.push(chunk));
    socket.on("end", () => resolve(Buffer.concat(reply).toString("utf8").replace(/\0$/, "")));
    socket.on("error", reject);
    socket.on("connect", async () => {
      const send = (buffer: Buffer) =>
        socket.write(buffer) ? Promise.resolve() : new Promise((ok) => socket.once("drain", ok));
      await send(Buffer.from("zINSTREAM\0"));
      for (let offset = 0; offset < data.length; offset += chunkSize) {
        const chunk = data.subarray(offset, offset + chunkSize);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(chunk.length);
        await send(Buffer.concat([length, chunk]));
      }
      await send(Buffer.alloc(4));
    });
  });
}

async function processesWith(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (cmdline.includes(text)) pids.push(Number(entry));
  }
  return pids;
}

describe("clamd with the project's signatures", () => {
  let dataDir: string;
  let clamd: ClamdHandle;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "intake-clamd-"));
    await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
    const started = Date.now();
    clamd = await startClamd({ dataDir, port: await freePort() });
    console.log(`clamd ready (PING → PONG) in ${Date.now() - started} ms`);
  });
  afterAll(async () => {
    await clamd?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  test("the test payloads are what they claim", () => {
    expect(eicarBytes()).toHaveLength(68);
    expect(eicarBytes().subarray(0, 3).toString()).toBe("X5O");
    expect(markerBytes().toString()).toMatch(/^INTAKE-TEST-/);
  });

  test("EICAR over INSTREAM is FOUND under our name", async () => {
    expect(await instream(clamd, eicarBytes())).toBe(`stream: ${reportedName(SIGNATURES.eicar)} FOUND`);
    expect(reportedName(SIGNATURES.eicar)).toBe("Intake.Test.EICAR.UNOFFICIAL");
  });

  test("our marker is FOUND", async () => {
    const data = Buffer.concat([Buffer.from("%PDF-1.7\n"), markerBytes(), Buffer.from("\n%%EOF\n")]);
    expect(await instream(clamd, data)).toBe(`stream: ${reportedName(SIGNATURES.marker)} FOUND`);
  });

  test("a clean buffer is OK", async () => {
    expect(await instream(clamd, Buffer.from("just an ordinary file\n".repeat(1000)))).toBe("stream: OK");
  });

  test("EICAR 10 MB into a 20 MB buffer is FOUND", async () => {
    const data = Buffer.alloc(20 * 1024 * 1024, 0x41);
    eicarBytes().copy(data, 10 * 1024 * 1024 + 7);
    expect(await instream(clamd, data)).toBe(`stream: ${reportedName(SIGNATURES.eicar)} FOUND`);
  });

  test("the local socket serves too", async () => {
    expect(await instream({ path: clamd.socket }, eicarBytes())).toMatch(/Intake\.Test\.EICAR\.UNOFFICIAL FOUND$/);
  });

  test("stop closes the port and leaves no clamd", async () => {
    const { pid, port } = clamd;
    await clamd.stop();
    expect(await canConnect(port)).toBe(false);
    expect(await processesWith(join(dataDir, "clamav", "clamd.conf"))).toEqual([]);
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
