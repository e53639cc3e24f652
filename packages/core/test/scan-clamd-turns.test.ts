// One uploader's turns at clamd: at most INTAKE_SCAN_CLAMD_PER_OWNER of their files are read
// at once in a process, other uploaders are not held back, and a file that cannot get a turn
// within half the visibility timeout is a fault (the queue retries it), not a verdict.
import { inTurn } from "@intake/core/scan/clamd-turns";
import { ScanFault } from "@intake/core/scan/fault";
import { provideSettings, type Tunables } from "@intake/core/settings";
import { unitSettings } from "@intake/testing/settings";
import { afterEach, describe, expect, it, vi } from "vitest";

const settingsWith = (tunables: Tunables, visibilityTimeoutSeconds = 60) =>
  unitSettings({ scan: { maxReceives: 3, visibilityTimeoutSeconds } }, tunables);

/** A clamd read that lasts until `finish` is called, recording how many of each owner's were in at once. */
function reads() {
  const inside = new Map<string, number>();
  const most = new Map<string, number>();
  const waiting: Array<() => void> = [];
  return {
    most,
    read: (owner: string) => () =>
      new Promise<string>((resolve) => {
        const now = (inside.get(owner) ?? 0) + 1;
        inside.set(owner, now);
        most.set(owner, Math.max(most.get(owner) ?? 0, now));
        waiting.push(() => {
          inside.set(owner, (inside.get(owner) ?? 1) - 1);
          resolve(owner);
        });
      }),
    /** Ends every read in clamd now; returns how many there were. */
    finish: () => {
      const ended = waiting.splice(0);
      for (const end of ended) end();
      return ended.length;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("turns at clamd", () => {
  it("one owner's files take turns, at most the limit at once, while another owner's go straight in", () =>
    provideSettings(settingsWith({ INTAKE_SCAN_CLAMD_PER_OWNER: "1" }), async () => {
      const clamd = reads();
      const bombs = Array.from({ length: 4 }, () => inTurn("bomber", clamd.read("bomber")));
      const small = inTurn("reader", clamd.read("reader"));
      await tick();
      expect(clamd.finish()).toBe(2); // one bomb and the reader's file were in clamd together
      expect(await small).toBe("reader");
      for (let round = 0; round < 3; round++) {
        await tick();
        expect(clamd.finish()).toBe(1); // then the bombs, one at a time
      }
      await Promise.all(bombs);
      expect(clamd.most.get("bomber")).toBe(1);
    }));

  it("with a limit of 2, two of the owner's files are read at once", () =>
    provideSettings(settingsWith({ INTAKE_SCAN_CLAMD_PER_OWNER: "2" }), async () => {
      const clamd = reads();
      const files = Array.from({ length: 5 }, () => inTurn("u", clamd.read("u")));
      for (const expected of [2, 2, 1]) {
        await tick();
        expect(clamd.finish()).toBe(expected);
      }
      await Promise.all(files);
      expect(clamd.most.get("u")).toBe(2);
    }));

  it("unset, one owner's files are all read at once", () =>
    provideSettings(settingsWith({}), async () => {
      const clamd = reads();
      const files = Array.from({ length: 4 }, () => inTurn("u", clamd.read("u")));
      await tick();
      expect(clamd.finish()).toBe(4);
      await Promise.all(files);
    }));

  it("a file that waits past half the visibility timeout is a fault, and the next one still gets its turn", () =>
    provideSettings(settingsWith({ INTAKE_SCAN_CLAMD_PER_OWNER: "1" }, 60), async () => {
      vi.useFakeTimers();
      const clamd = reads();
      const first = inTurn("u", clamd.read("u"));
      const second = inTurn("u", clamd.read("u"));
      const refused = expect(second).rejects.toThrow(ScanFault);
      // 30 s pass while the first file is still in clamd.
      await vi.advanceTimersByTimeAsync(30_000);
      await refused;
      vi.useRealTimers();
      expect(clamd.finish()).toBe(1);
      await first;
      const later = inTurn("u", clamd.read("u"));
      await tick();
      expect(clamd.finish()).toBe(1);
      await later;
    }));
});
