// The upload manager in Chromium against the shared stack: a 40 MiB upload that stays in view
// across pages, a pause that keeps every byte sent and a bar that never goes back, a reload
// that resumes from S3's parts, leaving asks only while bytes move, the page-wide drop, and
// the panel at 360 and 1280 px. The upload link is throttled through DevTools so there is a
// middle to act in.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, tokenFor } from "@intake/testing/api";
import { desktop, launch, mobile, openAs, pdf, png, shot, tempFile, uniqueName } from "@intake/testing/browser";

const MiB = 1024 * 1024;
const size = 40 * MiB;
const partSize = 8 * MiB;
let browser: Browser;
let statement: string;
beforeAll(async () => {
  browser = await launch();
  statement = await tempFile("statement.pdf", pdf({ size }));
});
afterAll(async () => browser?.close());

async function throttle(page: Page, bytesPerSecond: number) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
}

async function pick(page: Page, file: string | string[], purpose = "statement") {
  await page.getByTestId("purpose-select").selectOption(purpose);
  await page.getByTestId("file-input").setInputFiles(file);
  await page.getByTestId("upload-submit").click();
}

const percent = async (page: Page, testId = "upload-progress") =>
  Number((await page.getByTestId(testId).first().getAttribute("data-percent")) ?? -1);

/** Every part PUT that left the page, counted at its full size (an upper bound on bytes sent). */
function partPuts(page: Page) {
  const parts: number[] = [];
  page.on("request", (request) => {
    const part = new URL(request.url()).searchParams.get("partNumber");
    if (request.method() === "PUT" && part) parts.push(Number(part));
  });
  const bytes = () => parts.reduce((sum, n) => sum + Math.min(partSize, size - (n - 1) * partSize), 0);
  return { parts, bytes };
}

/** The bar's percent every 100 ms, kept in the page (so a slow test runner misses none). */
async function sampleBar(page: Page) {
  await page.evaluate(() => {
    const samples: number[] = [];
    (window as unknown as { samples: number[] }).samples = samples;
    setInterval(() => {
      const bar = document.querySelector("[data-testid=upload-progress][data-percent]");
      if (bar) samples.push(Number(bar.getAttribute("data-percent")));
    }, 100);
  });
  return () => page.evaluate(() => (window as unknown as { samples: number[] }).samples);
}

// The bytes are in and the server has the file: any status from "Received" on, as the SPA words it.
const done = /received|checking|review|approval|ready/i;

describe("upload manager", () => {
  it("keeps a 40 MiB upload in view with live progress on My uploads and back, to the end", async () => {
    const { page, errors, close } = await openAs(browser, uniqueName("maya"), "/");
    await throttle(page, 8 * MiB);
    await pick(page, statement);
    await expect.poll(() => percent(page), { timeout: 20_000 }).toBeGreaterThan(5);
    expect(await page.getByTestId("upload-summary").textContent()).toMatch(/^0 of 1 · [\d.]+ MB of 40\.0 MB/);
    await shot(page, "upload-panel-1280");

    await page.getByRole("navigation").getByRole("link", { name: "My uploads" }).click();
    await expect.poll(() => page.getByTestId("live-upload").count()).toBe(1);
    const there = await percent(page, "live-upload-progress");
    await expect.poll(() => percent(page, "live-upload-progress"), { timeout: 20_000 }).toBeGreaterThan(there);
    expect(await page.getByTestId("upload-panel").isVisible()).toBe(true);
    await shot(page, "upload-panel-my-uploads-1280");

    await page.getByRole("navigation").getByRole("link", { name: "Upload", exact: true }).click();
    await expect.poll(() => page.getByTestId("upload-status").textContent(), { timeout: 30_000 }).toMatch(done);
    expect(await percent(page)).toBe(100);
    expect(await page.getByTestId("upload-summary").textContent()).toBe("1 of 1 · 40.0 MB of 40.0 MB");
    expect(errors).toEqual([]);
    await close();
  });

  it("pauses at about 30 % without losing a byte: the bar never goes back, and at most one part more is sent", async () => {
    const { page, errors, close } = await openAs(browser, uniqueName("paul"), "/", { width: 800, height: 900 });
    await throttle(page, 8 * MiB);
    const puts = partPuts(page);
    const samples = await sampleBar(page);
    await pick(page, statement);
    await expect.poll(() => percent(page), { timeout: 20_000 }).toBeGreaterThanOrEqual(30);
    await page.getByTestId("upload-pause").click();
    const atPause = Math.max(...(await samples()));
    // The parts in flight arrive, then nothing moves.
    await expect
      .poll(() => page.getByTestId("queue-item").getAttribute("data-state"), { timeout: 20_000 })
      .toBe("paused");
    const paused = await percent(page);
    expect(paused).toBeGreaterThanOrEqual(atPause);
    expect(await page.getByTestId("upload-progress-text").textContent()).toMatch(
      /^\d+% · [\d.]+ MB of 40\.0 MB · paused$/,
    );
    const sentWhilePaused = puts.parts.length;

    await page.getByTestId("upload-resume").click();
    // Speed is measured afresh after the pause: the line first shows none, then a new one.
    await expect
      .poll(() => page.getByTestId("upload-progress-text").textContent(), { timeout: 20_000 })
      .toMatch(/MB\/s · \d+ (s|min) left|^100%/);
    await expect.poll(() => page.getByTestId("upload-status").textContent(), { timeout: 30_000 }).toMatch(done);

    const all = await samples();
    const backwards = all.filter((value, i) => i > 0 && value < all[i - 1]!);
    expect(backwards).toEqual([]);
    expect(all.at(-1)).toBe(100);
    expect(puts.bytes()).toBeLessThanOrEqual(size + partSize);
    expect(new Set(puts.parts).size).toBe(5);
    expect(sentWhilePaused).toBeLessThan(5);
    console.info(
      `pause at ${atPause} %: settled at ${paused} %; part PUTs ${puts.parts.join(",")} = ${puts.bytes() / MiB} MiB for a ${size / MiB} MiB file; ${all.length} samples, none lower than the one before`,
    );
    expect(errors).toEqual([]);
    await close();
  });

  it("after a reload, the same file picked again resumes from the parts S3 has, counted at once", async () => {
    const name = uniqueName("rhea");
    const { page, errors, close } = await openAs(browser, name, "/", { width: 800, height: 900 });
    await throttle(page, 8 * MiB);
    await pick(page, statement);
    await expect.poll(() => percent(page), { timeout: 20_000 }).toBeGreaterThan(5);
    const [saved] = await page.evaluate(() =>
      Object.entries(localStorage)
        .filter(([key]) => key.startsWith("intake:multipart:"))
        .map(([, value]) => JSON.parse(value) as { uploadId: string }),
    );
    const api = client(await tokenFor(name));
    const held = async () => (await api.upload.listParts.query({ uploadId: saved!.uploadId })).parts.length;
    await expect.poll(held, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);

    // Bytes are moving: leaving asks first (accepted here).
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.reload();
    expect(dialogs).toEqual(["beforeunload"]);
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain(name);
    const kept = (await api.upload.listParts.query({ uploadId: saved!.uploadId })).parts.length;
    const samples = await sampleBar(page);
    const puts = partPuts(page);
    await pick(page, statement);
    await expect.poll(() => page.getByTestId("upload-status").textContent(), { timeout: 30_000 }).toMatch(done);
    const shown = await samples();
    // The first value shown already counts what S3 kept, and only the other parts are sent.
    expect(shown[0]).toBeGreaterThanOrEqual(Math.floor(((kept * partSize) / size) * 100));
    expect(puts.bytes()).toBeLessThanOrEqual(size - kept * partSize);
    console.info(
      `reload with ${kept} of 5 parts in S3: first value shown after the re-pick ${shown[0]} %; part PUTs after it ${puts.parts.join(",")} = ${puts.bytes() / MiB} MiB`,
    );
    expect(errors).toEqual([]);
    await close();
  });

  it("asks before leaving only while bytes are moving", async () => {
    const { page, errors, close } = await openAs(browser, uniqueName("lena"), "/", { width: 800, height: 900 });
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.type());
      void dialog.dismiss(); // stay on the page
    });
    await page.reload();
    expect(dialogs).toEqual([]);

    await throttle(page, 256 * 1024);
    await pick(page, await tempFile("invoice.pdf", pdf({ size: 3 * MiB })), "invoice");
    await expect.poll(() => percent(page), { timeout: 20_000 }).toBeGreaterThan(5);
    await page.evaluate(() => location.reload());
    expect(dialogs).toEqual(["beforeunload"]);
    expect(await page.getByTestId("queue-item").count()).toBe(1); // still here, still sending

    await throttle(page, -1);
    await expect
      .poll(() => page.getByTestId("upload-status").getAttribute("data-status"), { timeout: 30_000 })
      .toMatch(done);
    await page.reload();
    expect(dialogs).toEqual(["beforeunload"]);
    expect(errors).toEqual([]);
    await close();
  });

  it("takes a drop anywhere on the upload page (with a full-page overlay) and ignores one anywhere else", async () => {
    const { page, errors, close } = await openAs(browser, uniqueName("dora"), "/", desktop);
    expect(await page.getByTestId("file-accepted").textContent()).toBe("PDF or EPUB, up to 50.0 MB");
    expect(await page.getByText("No file chosen").count()).toBe(0);
    await page.getByTestId("purpose-select").selectOption("receipt");
    expect(await page.getByTestId("file-accepted").textContent()).toBe("PDF, JPEG or PNG, up to 50.0 MB each");

    const files = [
      { name: "receipt.png", type: "image/png", body: png() },
      { name: "receipt.pdf", type: "application/pdf", body: pdf() },
    ];
    const transfer = await page.evaluateHandle(
      (files) => {
        const transfer = new DataTransfer();
        for (const file of files) {
          const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
          transfer.items.add(new File([bytes], file.name, { type: file.type }));
        }
        return transfer;
      },
      files.map((file) => ({ name: file.name, type: file.type, base64: file.body.toString("base64") })),
    );
    // Dragged over the page's heading, far from the drop target.
    const heading = page.getByRole("heading", { name: "Upload files" });
    await heading.dispatchEvent("dragenter", { dataTransfer: transfer });
    await expect.poll(() => page.getByTestId("drop-overlay").isVisible()).toBe(true);
    await page.screenshot({ path: "test-output/screenshots/drop-overlay-1280.png" });
    await heading.dispatchEvent("drop", { dataTransfer: transfer });
    expect(await page.getByTestId("drop-overlay").count()).toBe(0);
    expect(await page.getByTestId("picked-file").allTextContents()).toEqual([
      expect.stringContaining("receipt.png"),
      expect.stringContaining("receipt.pdf"),
    ]);
    expect(await page.getByTestId("file-thumb").count()).toBe(1);
    expect(await page.getByTestId("file-icon").textContent()).toBe("PDF");
    await shot(page, "upload-page-picked-1280");

    // The system picker opens from a labelled button, by keyboard too.
    const chooser = page.waitForEvent("filechooser");
    await page.getByTestId("file-choose").focus();
    await page.keyboard.press("Enter");
    expect((await chooser).isMultiple()).toBe(true);

    // On another page a dropped file is refused by the app, so the browser does not open it.
    await page.getByRole("navigation").getByRole("link", { name: "My uploads" }).click();
    const kept = await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(["%PDF-1.7"], "stray.pdf", { type: "application/pdf" }));
      const over = new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true });
      const drop = new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true });
      document.body.dispatchEvent(over);
      document.body.dispatchEvent(drop);
      return { over: over.defaultPrevented, drop: drop.defaultPrevented };
    });
    expect(kept).toEqual({ over: true, drop: true });
    expect(new URL(page.url()).pathname).toBe("/uploads");
    expect(errors).toEqual([]);
    await close();
  });

  it("the panel and the upload page pass axe and do not scroll sideways at 360 px", async () => {
    const { page, errors, close } = await openAs(browser, uniqueName("mona"), "/", mobile);
    await shot(page, "upload-page-360");
    await throttle(page, 1 * MiB);
    await pick(page, statement);
    await expect.poll(() => percent(page), { timeout: 20_000 }).toBeGreaterThan(2);
    await shot(page, "upload-panel-360");
    await page.getByTestId("upload-panel-toggle").click();
    expect(await page.getByTestId("upload-queue").isVisible()).toBe(false);
    expect(await page.getByTestId("upload-panel-toggle").getAttribute("aria-expanded")).toBe("false");
    await page.getByTestId("upload-panel-toggle").click();
    expect(await page.getByTestId("upload-queue").isVisible()).toBe(true);
    await page.getByTestId("upload-cancel").click();
    await expect.poll(() => page.getByTestId("queue-item").getAttribute("data-state")).toBe("cancelled");
    await page.getByTestId("upload-clear").click();
    expect(await page.getByTestId("upload-panel").count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });
});
