// The clamd client's guards, against a real clamd and against servers that misbehave.
import { clamdScanner } from "@intake/core/scan/clamd";
import { ScanFault } from "@intake/core/scan/fault";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eicarBytes,
  markerBytes,
  reportedName,
  SIGNATURES,
  startClamd,
  type ClamdHandle,
} from "../../src/emulators/clamd";
import { freePort } from "../../src/net";

const chunks = (data: Buffer, size: number) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
    })(),
  );

/** A TCP server that reads whatever it is sent and answers with `reply` (or never). */
async function fakeClamd(reply?: string): Promise<{ port: number; server: Server }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("data", () => {
      if (reply !== undefined) socket.end(reply);
    });
    socket.on("error", () => {});
  });
  server.on("close", () => {
    for (const s of sockets) s.destroy();
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { port, server };
}

describe("clamd scanner", () => {
  let dataDir: string;
  let clamd: ClamdHandle;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "intake-clamd-scanner-"));
    await chmod(dataDir, 0o755);
    clamd = await startClamd({ dataDir, port: await freePort() });
  });
  afterAll(async () => {
    await clamd?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const real = () => clamdScanner({ host: clamd.host, port: clamd.port, timeoutMs: 10_000 });

  it("a clean stream is clean; EICAR and our marker are infected, by name, even split across chunks", async () => {
    const scanner = real();
    await expect(scanner.scanStream(Readable.from([Buffer.from("an ordinary file\n".repeat(5000))]))).resolves.toEqual({
      infected: false,
    });
    await expect(scanner.scanStream(chunks(eicarBytes(), 7))).resolves.toEqual({
      infected: true,
      signatures: [reportedName(SIGNATURES.eicar)],
    });
    const marked = Buffer.concat([Buffer.alloc(300_000, 0x20), markerBytes(), Buffer.alloc(300_000, 0x20)]);
    await expect(scanner.scanStream(chunks(marked, 65_536))).resolves.toEqual({
      infected: true,
      signatures: [reportedName(SIGNATURES.marker)],
    });
  });

  it("two scanners side by side each keep their own settings", async () => {
    const [a, b] = [real(), real()];
    const results = await Promise.all([a.scanStream(chunks(eicarBytes(), 68)), b.scanStream(chunks(eicarBytes(), 68))]);
    expect(results.every((r) => r.infected)).toBe(true);
  });

  it("nothing listening is a fault", async () => {
    const scanner = clamdScanner({ host: "127.0.0.1", port: await freePort(), timeoutMs: 5_000 });
    await expect(scanner.scanStream(Readable.from([Buffer.from("x")]))).rejects.toBeInstanceOf(ScanFault);
  });

  it("a clamd that never answers is a fault once the deadline passes, and the source is released", async () => {
    const silent = await fakeClamd();
    try {
      const scanner = clamdScanner({ host: "127.0.0.1", port: silent.port, timeoutMs: 500 });
      const source = Readable.from([Buffer.from("x".repeat(1000))]);
      await expect(scanner.scanStream(source)).rejects.toThrow(/no answer within 500 ms/);
      expect(source.destroyed).toBe(true);
    } finally {
      silent.server.close();
    }
  });

  it.each([
    ["a reply clamscan cannot read", "stream: SOMETHING ODD\0"],
    ["clamd's size-limit error", "INSTREAM size limit exceeded. ERROR\0"],
  ])("%s is a fault, never clean", async (_name, reply) => {
    const odd = await fakeClamd(reply);
    try {
      const scanner = clamdScanner({ host: "127.0.0.1", port: odd.port, timeoutMs: 5_000 });
      await expect(scanner.scanStream(Readable.from([Buffer.from("x".repeat(1000))]))).rejects.toBeInstanceOf(
        ScanFault,
      );
    } finally {
      odd.server.close();
    }
  });
});
