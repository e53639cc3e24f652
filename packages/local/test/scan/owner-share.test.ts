// One user's slow scans hold at most their share of the scanner on AWS too (issue 16, item 3):
// the per-uploader lease in the table (INTAKE_SCAN_OWNER_SHARE), taken by the scan handler
// Lambda runs. A stack of its own with a share of 1 and the local poller's own share out of
// the way (perOwner = every slot), real clamd and zip bombs built here: ePubs of a few MB that
// inflate to 3000 MiB, past MaxScanSize.
import { sqs } from "@intake/core/aws";
import { ScanShare } from "@intake/core/scan/share";
import { Store } from "@intake/core/upload/store";
import { settled } from "@intake/testing/scan";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { queueDrained } from "../queue-messages";
import { type BombStack, startBombStack } from "./bombs";

const slots = 2 * 10; // the local consumer's default: 2 long polls × 10 records
let bombs: BombStack;

beforeAll(async () => {
  bombs = await startBombStack("owner-share", {
    scan: { perOwner: slots },
    tunables: { INTAKE_SCAN_OWNER_SHARE: "1" },
  });
}, 120_000);

afterAll(async () => {
  await bombs?.stop();
});

it(
  "one user's three zip bombs and a PDF scan one at a time; another user's PDF is ready before their last bomb",
  () =>
    bombs.stack.run(async () => {
      const bomber = await bombs.user("share_bomber");
      const slow = await bombs.sendBombs(bomber, "share_bomber", 3);
      const bomberPdf = await bombs.sendPdf(bomber, "share_bomber", 2048);
      const theirs = [...slow, bomberPdf];

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

      let smallReadyAt = Number.NaN;
      try {
        const reader = await bombs.user("share_reader");
        const small = await bombs.sendPdf(reader, "share_reader", 1024);
        expect((await settled(reader, small, 120_000)).status).toBe("ready");
        smallReadyAt = Date.parse((await Store.get(small))!.updatedAt);

        // Every deferred file still ends as its content deserves: the bombs never clean, the PDF ready.
        for (const id of slow) {
          expect(await settled(bomber, id, 400_000)).toMatchObject({
            status: "quarantined",
            statusReason: "UNSCANNABLE",
          });
        }
        expect((await settled(bomber, bomberPdf, 120_000)).status).toBe("ready");
      } finally {
        watching = false;
        await watcher;
      }

      // At most one of the bomber's files held the scanner at a time, while the others waited.
      expect(seen).toEqual({ mostScanning: 1, mostLeases: 1, waitingWhileOneScans: true });
      expect(await ScanShare.leases("share_bomber")).toEqual({});
      // The other user did not wait for the bombs: their file was ready before the last one.
      const bombsDoneAt = await Promise.all(slow.map(async (id) => Date.parse((await Store.get(id))!.updatedAt)));
      expect(smallReadyAt).toBeLessThan(Math.max(...bombsDoneAt));
      // Waiting spent none of the receives: nothing reached the dead-letter queue.
      expect(await queueDrained(sqs(), bombs.stack.queues.deadLetter)).toBe(true);
    }),
  900_000,
);
