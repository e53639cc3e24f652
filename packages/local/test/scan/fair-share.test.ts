// One user's slow scans must not stall everyone (issue 16, item 3): records run on their own
// (no batch waits for its slowest record), one owner holds at most their share of the slots,
// and has at most the cores less one of their files in clamd (scan/clamd-turns.ts). The
// default consumer (2 long polls × 10 records) on a stack of its own.
import { Store } from "@intake/core/upload/store";
import { eventually, settled } from "@intake/testing/scan";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BombStack, startBombStack } from "./bombs";

let bombs: BombStack;

beforeAll(async () => {
  bombs = await startBombStack("fair-share", {});
}, 120_000);

afterAll(async () => {
  await bombs?.stop();
});

it(
  "another user's 1 KB PDF is ready before the last of one user's four zip bombs is done",
  () =>
    bombs.stack.run(async () => {
      const bomber = await bombs.user("fair_bomber");
      const theirs = await bombs.sendBombs(bomber, "fair_bomber", 4);
      // The consumer has taken up the bombs (at least as many as it has long polls) before the small file is sent.
      await eventually(
        "the bombs scanning",
        async () => {
          const uploads = await Promise.all(theirs.map((id) => Store.get(id)));
          return uploads.filter((u) => u?.status === "scanning").length >= 2;
        },
        60_000,
      );

      const reader = await bombs.user("fair_reader");
      const small = await bombs.sendPdf(reader, "fair_reader", 1024);
      expect((await settled(reader, small, 120_000)).status).toBe("ready");
      const smallReadyAt = Date.parse((await Store.get(small))!.updatedAt);

      // The bombs end as what clamd could not fully inspect: never clean.
      for (const id of theirs) {
        expect(await settled(bomber, id, 240_000)).toMatchObject({
          status: "quarantined",
          statusReason: "UNSCANNABLE",
        });
      }
      // The small file did not wait for the bombs to be done: it was ready before the last.
      const bombsDoneAt = await Promise.all(theirs.map(async (id) => Date.parse((await Store.get(id))!.updatedAt)));
      expect(smallReadyAt).toBeLessThan(Math.max(...bombsDoneAt));
    }),
  600_000,
);
