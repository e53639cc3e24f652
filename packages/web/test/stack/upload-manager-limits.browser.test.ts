// The upload manager against a stack of its own with short limits, so the waits are real but
// short: 15 uploads a minute per user (30 files need one wait of under a minute) and upload
// URLs that live 4 s (so one can expire between two tries). It shares the shared stack's clamd.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startStack, type Stack } from "@intake/local/stack";
import { desktop, launch, pdf, png, shot, tempFile, uniqueName } from "@intake/testing/browser";

let browser: Browser;
let stack: Stack;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "intake-manager-"));
  await chmod(dataDir, 0o755);
  const shared = inject("stack").env;
  [browser, stack] = await Promise.all([
    launch(),
    startStack({
      port: 0,
      dataDir,
      persistDynamo: false,
      web: true,
      clamd: { host: "127.0.0.1", port: Number(shared.INTAKE_CLAMD_PORT) },
      scan: { retryDelaySeconds: 1, sweepIntervalMs: 60_000 },
      tunables: {
        INTAKE_INITIATES_PER_MINUTE: "15",
        INTAKE_UPLOAD_URL_TTL_SECONDS: "4",
        INTAKE_LOG_LEVEL: "warn",
      },
    }),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Signs in on this test's own stack as `name`, on the upload page. */
async function signIn(name: string) {
  const context = await browser.newContext({ viewport: desktop });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${stack.urls.app}/`);
  await expect.poll(() => new URL(page.url()).pathname).toBe("/sign-in");
  await page.getByTestId("sign-in-name").fill(name);
  await page.getByTestId("sign-in-submit").click();
  await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain(name);
  return { page, errors, close: () => context.close() };
}

/** API calls by procedure name, as the page made them (batched calls count each). */
function calls(page: Page) {
  const made: string[] = [];
  page.on("request", (request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith("/trpc/")) made.push(...path.slice("/trpc/".length).split(","));
  });
  return (procedure: string) => made.filter((name) => name === procedure).length;
}

/** When a presigned URL stops working: X-Amz-Date plus X-Amz-Expires. */
function expiryOf(url: string): number {
  const params = new URL(url).searchParams;
  const date = params
    .get("X-Amz-Date")!
    .replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z");
  return Date.parse(date) + Number(params.get("X-Amz-Expires")) * 1000;
}

describe("upload manager with short limits", () => {
  it("30 files picked at once by a new user all end ready, the queue waiting out the rate limit by itself", async () => {
    const { page, errors, close } = await signIn(uniqueName("tess"));
    const count = calls(page);
    const files = await Promise.all(Array.from({ length: 30 }, (_, i) => tempFile(`receipt-${i + 1}.png`, png())));
    await page.getByTestId("purpose-select").selectOption("invoice");
    await page.getByTestId("file-input").setInputFiles(files);
    await page.getByTestId("upload-submit").click(); // the only click
    const started = Date.now();

    await expect
      .poll(() => page.getByTestId("upload-wait").textContent(), { timeout: 90_000 })
      .toMatch(/^Upload limit reached: next start in \d+ s$/);
    await shot(page, "upload-panel-rate-limited-1280");
    // A waiting file shows an empty bar, not an animated "Preparing…" one.
    const waiting = page.locator("[data-testid=queue-item][data-state=queued]").first();
    expect(await waiting.getByTestId("upload-progress").getAttribute("value")).toBe("0");
    await expect
      .poll(() => page.locator("[data-testid=upload-status][data-status=ready]").count(), { timeout: 240_000 })
      .toBe(30);
    console.info(
      `30 files, 15 initiates a minute: all ready ${Math.round((Date.now() - started) / 1000)} s after the click`,
    );
    expect(await page.getByTestId("upload-error").count()).toBe(0);
    expect(await page.getByTestId("upload-summary").textContent()).toMatch(/^30 of 30 · /);
    // Refused initiates were tried again by the queue itself.
    const initiates = count("upload.initiate");
    expect(initiates).toBeGreaterThan(30);
    console.info(`${initiates} initiate calls for 30 files`);
    expect(errors).toEqual([]);
    await close();
  }, 360_000);

  it("a single PUT whose first try fails on the network and whose URL then expires still completes, without a new initiate", async () => {
    const { page, errors, close } = await signIn(uniqueName("ivan"));
    const count = calls(page);
    const puts: string[] = [];
    let first = true;
    await page.route(
      (url) => url.href.startsWith(stack.urls.s3),
      async (route) => {
        if (route.request().method() !== "PUT") return route.continue();
        if (!first) {
          puts.push("sent");
          return route.continue();
        }
        first = false;
        puts.push("network error");
        // Fails only once the URL has expired, so the next try meets an expired URL.
        const wait = expiryOf(route.request().url()) + 1000 - Date.now();
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
        await route.abort("connectionreset");
      },
    );
    await page.getByTestId("purpose-select").selectOption("invoice");
    await page.getByTestId("file-input").setInputFiles(await tempFile("invoice.pdf", pdf()));
    await page.getByTestId("upload-submit").click();
    await expect
      .poll(() => page.getByTestId("upload-status").getAttribute("data-status"), { timeout: 30_000 })
      .toBe("ready");
    // A network error, the expired URL refused by storage, then the refreshed URL.
    expect(puts).toEqual(["network error", "sent", "sent"]);
    expect(count("upload.initiate")).toBe(1);
    expect(count("upload.refresh")).toBe(1);
    expect(errors).toEqual([]);
    await close();
  });
});
