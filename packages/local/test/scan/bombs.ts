// A stack of its own for the fairness tests: real clamd (started here, so a test can watch it
// alone), no sweeper, and one user's zip bombs: ePubs of a few MB that inflate to 3000 MiB,
// past MaxScanSize.
import type { AppRouter } from "@intake/functions/trpc/router";
import { inflatingEpub } from "@intake/testing/corpus/inflating-epub";
import { pdf } from "@intake/testing/files";
import { send } from "@intake/testing/scan";
import { createTRPCClient, httpLink } from "@trpc/client";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startClamd } from "../../src/emulators/clamd";
import { freePort } from "../../src/net";
import { type StackOptions, startStack } from "../../src/stack";

const MiB = 1024 * 1024;

export async function startBombStack(name: string, options: Pick<StackOptions, "scan" | "tunables">) {
  const dataDir = await mkdtemp(join(tmpdir(), `intake-${name}-`));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  const port = await freePort();
  const clamd = await startClamd({ dataDir, port });
  const stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    clamd: { host: "127.0.0.1", port },
    scan: { sweepIntervalMs: 3_600_000, waitTimeSeconds: 1, ...options.scan },
    tunables: { INTAKE_LOG_LEVEL: "error", ...options.tunables },
  });

  async function user(sub: string) {
    const token = await stack.issuer.issue({ sub, email: `${sub}@example.com`, groups: [] });
    return createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${stack.urls.app}/trpc`, headers: { authorization: `Bearer ${token}` } })],
    });
  }
  type Api = Awaited<ReturnType<typeof user>>;

  return {
    stack,
    user,
    /** `count` zip bombs from `sub`, one after another; their upload ids. */
    async sendBombs(api: Api, sub: string, count: number): Promise<string[]> {
      const bomb = await inflatingEpub(3000 * MiB);
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const sent = await send(api, sub, {
          purpose: "book",
          filename: `bomb-${i}.epub`,
          contentType: "application/epub+zip",
          body: bomb,
        });
        ids.push(sent.uploadId);
      }
      return ids;
    },
    /** A clean PDF of `size` bytes from `sub`; its upload id. */
    async sendPdf(api: Api, sub: string, size: number): Promise<string> {
      const sent = await send(api, sub, {
        purpose: "statement",
        filename: "s.pdf",
        contentType: "application/pdf",
        body: pdf({ size }),
      });
      return sent.uploadId;
    },
    async stop() {
      await stack.stop();
      await clamd.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type BombStack = Awaited<ReturnType<typeof startBombStack>>;
