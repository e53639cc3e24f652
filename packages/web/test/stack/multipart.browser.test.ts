// The multipart path in Chromium: pause and resume, then a reload in the middle and the same
// file picked again, which sends only the parts S3 lacks. The upload link is throttled through
// DevTools so there is a middle.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, tokenFor } from "@intake/testing/api";
import { launch, openAs, pdf, shot, tempFile, uniqueName } from "@intake/testing/browser";

const MiB = 1024 * 1024;
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
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

const percent = async (page: Page) =>
  Number((await page.getByTestId("upload-progress").getAttribute("data-percent")) ?? -1);

async function pickStatement(page: Page, file: string) {
  await page.getByTestId("purpose-select").selectOption("statement");
  await page.getByTestId("file-input").setInputFiles(file);
  await page.getByTestId("upload-submit").click();
}

describe("multipart upload page", () => {
  it("pauses, resumes, survives a reload, and reaches received", async () => {
    const file = await tempFile("statement.pdf", pdf({ size: 40 * MiB }));

    const name = uniqueName("alice");
    const { page, errors, close } = await openAs(browser, name, "/", { width: 800, height: 900 });
    await throttle(page, 8 * MiB);

    await pickStatement(page, file);
    await expect.poll(() => percent(page), { timeout: 20_000 }).toBeGreaterThan(5);
    await page.getByTestId("upload-pause").click();
    await expect.poll(() => page.getByTestId("upload-resume").isVisible()).toBe(true);
    // The parts in flight at the pause arrive first; then nothing moves.
    await expect
      .poll(() => page.getByTestId("queue-item").getAttribute("data-state"), { timeout: 20_000 })
      .toBe("paused");
    const paused = await percent(page);
    await page.waitForTimeout(1500);
    expect(await percent(page)).toBe(paused);
    expect(await page.getByTestId("upload-progress-text").textContent()).toMatch(
      /^\d+% · [\d.]+ MB of 40\.0 MB · paused$/,
    );
    await shot(page, "multipart-paused");

    // Slower now, so the last part is still on its way at the reload below.
    await throttle(page, 2 * MiB);
    await page.getByTestId("upload-resume").click();
    await expect.poll(() => percent(page), { timeout: 20_000 }).toBeGreaterThan(paused);
    await expect.poll(() => page.getByTestId("upload-progress-text").textContent()).toMatch(/MB\/s · \d+ (s|min) left/);

    // Reload once S3 holds two parts: the same file picked again sends only the others.
    const saved = await page.evaluate(() =>
      Object.entries(localStorage)
        .filter(([key]) => key.startsWith("intake:multipart:"))
        .map(([, value]) => JSON.parse(value)),
    );
    expect(saved).toHaveLength(1);
    const api = client(await tokenFor(name));
    const held = async () => (await api.upload.get.query({ uploadId: saved[0].uploadId })).progress?.partsUploaded ?? 0;
    await expect.poll(held, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    page.on("dialog", (dialog) => void dialog.accept()); // leaving while bytes move asks first
    await page.reload();
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain(name);
    const before = (await api.upload.listParts.query({ uploadId: saved[0].uploadId })).parts.map((p) => p.partNumber);
    const sent: number[] = [];
    page.on("request", (request) => {
      const part = new URL(request.url()).searchParams.get("partNumber");
      if (request.method() === "PUT" && part) sent.push(Number(part));
    });
    await pickStatement(page, file);
    await expect
      .poll(() => page.getByTestId("upload-status").textContent(), { timeout: 30_000 })
      .toMatch(/received|scanning|review|ready/i);
    expect(await percent(page)).toBe(100);
    expect(before.every((n) => !sent.includes(n))).toBe(true);
    expect(new Set(sent).size).toBe(5 - before.length);
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("intake:multipart:"))),
    ).toEqual([]);
    await shot(page, "multipart-done");
    expect(errors).toEqual([]);
    await close();
  });
});

describe("single PUT progress", () => {
  it("shows speed and time left while one PUT is under way, then 100%", async () => {
    const file = await tempFile("invoice.pdf", pdf({ size: 3 * MiB }));

    const { page, errors, close } = await openAs(browser, uniqueName("gina"), "/", { width: 800, height: 900 });
    await throttle(page, 1 * MiB);
    await page.getByTestId("purpose-select").selectOption("invoice");
    await page.getByTestId("file-input").setInputFiles(file);
    await page.getByTestId("upload-submit").click();
    await expect
      .poll(() => page.getByTestId("upload-progress-text").textContent(), { timeout: 10_000 })
      .toMatch(/^\d+% · [\d.]+ (KB|MB) of 3\.0 MB · [\d.]+ (KB|MB)\/s · \d+ s left$/);
    await expect
      .poll(() => page.getByTestId("upload-status").getAttribute("data-status"), { timeout: 30_000 })
      .toBe("ready");
    expect(await page.getByTestId("upload-progress-text").textContent()).toBe("100% · 3.0 MB of 3.0 MB");
    expect(errors).toEqual([]);
    await close();
  });
});
