import { createConnection, createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Rejects when something already listens on the port (on any interface). */
export function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`port ${port} is already in use`) : error),
    );
    // Binding the wildcard address collides with a listener on any interface.
    server.listen(port, () => server.close(() => resolve()));
  });
}

/** Resolves once a TCP connection to the port succeeds. */
export function canConnect(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function waitForPort(
  port: number,
  {
    timeoutMs = 30_000,
    host = "127.0.0.1",
    intervalMs = 50,
    signal,
  }: {
    timeoutMs?: number;
    host?: string;
    intervalMs?: number;
    /** Stops waiting early (e.g. when the process meant to listen has exited). */
    signal?: AbortSignal;
  } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    if (await canConnect(port, host)) return;
    if (Date.now() > deadline) {
      throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    }
    await sleep(intervalMs);
  }
}
