// One user's slow scans hold at most their share of the scanner on AWS too (issue 16, item 3):
// the per-uploader lease in the table (INTAKE_SCAN_OWNER_SHARE), taken by the scan handler
// Lambda runs. A stack of its own with a share of 1 and the local poller's own share out of
// the way (perOwner = every slot), real clamd and zip bombs built here: ePubs of a few MB that
// inflate to 3000 MiB, past MaxScanSize.
import { sqs } from "@intake/core/aws";
import { ScanShare } from "@intake/core/scan/share";
import { Store } from "@intake/core/upload/store";
import type { AppRouter } from "@intake/functions/trpc/router";
import { createTRPCClient, httpLink } from "@trpc/client";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inflatingEpub } from "@intake/testing/corpus/inflating-epub";
import { pdf } from "@intake/testing/files";
import { send, settled } from "@intake/testing/scan";
import { startClamd, type ClamdHandle } from "../../src/emulators/clamd";
import { freePort } from "../../src/net";
import { startStack, type Stack } from "../../src/stack";
import { queueDrained } from "../queue-messages";

const MiB = 1024 * 1024;
const slots = 2 * 10; // the local consumer's default: 2 long polls × 10 records
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
  dataDir = await mkdtemp(join(tmpdir(), "intake-owner-share-"));
  await chmod(dataDir, 0o755); // clamd runs as clamav and must enter it
  const port = await freePort();
  clamd = await startClamd({ dataDir, port });
  stack = await startStack({
    port: 0,
    dataDir,
    persistDynamo: false,
    web: false,
    clamd: { host: "127.0.0.1", port },
    scan: { sweepIntervalMs: 3_600_000, waitTimeSeconds: 1, perOwner: slots },
    tunables: { INTAKE_LOG_LEVEL: "error", INTAKE_SCAN_OWNER_SHARE: "1" },
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await clamd?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

it(
  "one user's three zip bombs and a PDF scan one at a time; another user's PDF is ready before their last bomb",
  () =>
    stack.run(async () => {
      const bomb = await inflatingEpub(3000 * MiB);
      const bomber = await user("share_bomber");
      const bombs: string[] = [];
      for (let i = 0; i < 3; i++) {
        const sent = await send(bomber, "share_bomber", {
          purpose: "book",
          filename: `bomb-${i}.epub`,
          contentType: "application/epub+zip",
          body: bomb,
        });
        bombs.push(sent.uploadId);
      }
      const bomberPdf = await send(bomber, "share_bomber", {
        purpose: "statement",
        filename: "mine.pdf",
        contentType: "application/pdf",
        body: pdf({ size: 2048 }),
      });
      const theirs = [...bombs, bomberPdf.uploadId];

      // Watches the bomber's uploads and lease item until all are settled.
      let watching = true;
      const seen = { mostScanning: 0, mostLeases: 0, waitingWhileOneScans: false };
      const watcher = (async () => {
        while (watching) {
          const statuses = await Promise.all(theirs.map(async (id) => (await Store.get(id))?.status));
          const scanning = statuses.filter((s) => s === "scanning").length;
          const waiting = statuses.filter((s) => s === "pending" || s === "received").length;
          seen.mostScanning = Math.max(seen.mostScanning, scanning);
          seen.mostLeases = Math.max(seen.mostLeases, Object.keys(await ScanShare.leases("share_bomber")).length);
          if (scanning === 1 && waiting > 0) seen.waitingWhileOneScans = true;
          await sleep(100);
        }
      })();

      const reader = await user("share_reader");
      const small = await send(reader, "share_reader", {
        purpose: "statement",
        filename: "s.pdf",
        contentType: "application/pdf",
        body: pdf({ size: 1024 }),
      });
      expect((await settled(reader, small.uploadId, 120_000)).status).toBe("ready");
      const smallReadyAt = Date.parse((await Store.get(small.uploadId))!.updatedAt);

      try {
        // Every deferred file still ends as its content deserves: the bombs never clean, the PDF ready.
        for (const id of bombs) {
          expect(await settled(bomber, id, 400_000)).toMatchObject({
            status: "quarantined",
            statusReason: "UNSCANNABLE",
          });
        }
        expect((await settled(bomber, bomberPdf.uploadId, 120_000)).status).toBe("ready");
      } finally {
        watching = false;
        await watcher;
      }

      // At most one of the bomber's files held the scanner at a time, while the others waited.
      expect(seen).toEqual({ mostScanning: 1, mostLeases: 1, waitingWhileOneScans: true });
      expect(await ScanShare.leases("share_bomber")).toEqual({});
      // The other user did not wait for the bombs: their file was ready before the last one.
      const bombsDoneAt = await Promise.all(bombs.map(async (id) => Date.parse((await Store.get(id))!.updatedAt)));
      expect(smallReadyAt).toBeLessThan(Math.max(...bombsDoneAt));
      // Waiting spent none of the receives: nothing reached the dead-letter queue.
      expect(await queueDrained(sqs(), stack.queues.deadLetter)).toBe(true);
    }),
  900_000,
);
