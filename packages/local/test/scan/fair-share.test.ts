// One user's slow scans must not stall everyone (issue 16, item 3): records run on their own
// (no batch waits for its slowest record) and one owner holds at most their share of the
// slots. A stack of its own with the default consumer (2 long polls × 10 records), real clamd
// and zip bombs built here: ePubs of a few MB that inflate to 3000 MiB, past MaxScanSize.
import { Store } from "@intake/core/upload/store";
import type { AppRouter } from "@intake/functions/trpc/router";
import { createTRPCClient, httpLink } from "@trpc/client";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inflatingEpub } from "@intake/testing/corpus/inflating-epub";
import { pdf } from "@intake/testing/files";
import { eventually, send, settled } from "@intake/testing/scan";
import { startClamd, type ClamdHandle } from "../../src/emulators/clamd";
import { freePort } from "../../src/net";
import { startStack, type Stack } from "../../src/stack";

const MiB = 1024 * 1024;
let dataDir: string;
let clamd: ClamdHandle;
let stack: Stack;

async function user(sub: string) {
  const token = await stack.issuer.issue({ sub, email: `${sub}@example.com`, groups: [] });
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${stack.urls.app}/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "intake-fair-share-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  const port = await freePort();
  clamd = await startClamd({ dataDir, port });
  stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    clamd: { host: "127.0.0.1", port },
    scan: { sweepIntervalMs: 3_600_000, waitTimeSeconds: 1 },
    tunables: { INTAKE_LOG_LEVEL: "error" },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await clamd?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it(
  "another user's 1 KB PDF is ready before the last of one user's four zip bombs is done",
  () =>
    stack.run(async () => {
      const bomb = await inflatingEpub(3000 * MiB);
      const bomber = await user("fair_bomber");
      const bombs: string[] = [];
      for (let i = 0; i < 4; i++) {
        const sent = await send(bomber, "fair_bomber", {
          purpose: "book",
          filename: `bomb-${i}.epub`,
          contentType: "application/epub+zip",
          body: bomb,
        });
        bombs.push(sent.uploadId);
      }
      // The consumer has taken up the bombs (at least as many as it has long polls) before the small file is sent.
      await eventually(
        "the bombs scanning",
        async () => {
          const uploads = await Promise.all(bombs.map((id) => Store.get(id)));
          return uploads.filter((u) => u?.status === "scanning").length >= 2;
        },
        60_000,
      );

      const reader = await user("fair_reader");
      const small = await send(reader, "fair_reader", {
        purpose: "statement",
        filename: "s.pdf",
        contentType: "application/pdf",
        body: pdf({ size: 1024 }),
      });
      expect((await settled(reader, small.uploadId, 120_000)).status).toBe("ready");
      const smallReadyAt = Date.parse((await Store.get(small.uploadId))!.updatedAt);

      // The bombs end as what clamd could not fully inspect: never clean.
      for (const id of bombs) {
        expect(await settled(bomber, id, 240_000)).toMatchObject({
          status: "quarantined",
          statusReason: "UNSCANNABLE",
        });
      }
      // The small file did not wait for the bombs to be done: it was ready before the last.
      const bombsDoneAt = await Promise.all(bombs.map(async (id) => Date.parse((await Store.get(id))!.updatedAt)));
      expect(smallReadyAt).toBeLessThan(Math.max(...bombsDoneAt));
    }),
  600_000,
);
