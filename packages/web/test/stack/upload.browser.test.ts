// The single-PUT path in a real browser: Debian's Chromium driven by playwright-core
// against the local stack's SPA, API and S3 (with its CORS and strict middleware).
import { mkdir, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const screenshots = join(process.cwd(), "test-output", "screenshots");
let browser: Browser;

beforeAll(async () => {
  await mkdir(screenshots, { recursive: true });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("upload page", () => {
  it("alice signs in, uploads a book with progress, and sees it received", async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(inject("stack").appUrl);
    await page.getByTestId("sign-in-alice").click();
    await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain("alice");

    const file = join(tmpdir(), `intake-${Date.now()}-Dune.pdf`);
    const body = Buffer.alloc(300_000, 0x20);
    body.write("%PDF-1.7\n");
    await writeFile(file, body);
    await page.getByTestId("purpose-select").selectOption("book");
    await page.getByTestId("book-title").fill("Dune");
    await page.getByTestId("book-author").fill("Frank Herbert");
    await page.getByTestId("file-input").setInputFiles(file);
    await page.getByTestId("upload-submit").click();

    await expect.poll(() => page.getByTestId("upload-status").textContent(), { timeout: 20_000 }).toMatch(/received|scanning|review/i);
    expect(await page.getByTestId("upload-progress").getAttribute("data-percent")).toBe("100");
    expect(await page.getByTestId("upload-progress-text").textContent()).toMatch(/^100%/);
    await expect.poll(() => page.getByTestId("my-uploads").textContent()).toContain("Dune");
    await page.screenshot({ path: join(screenshots, "upload-page-360.png"), fullPage: true });

    // Too large for a book: refused with the server's message, nothing sent to S3.
    const huge = join(tmpdir(), `intake-${Date.now()}-huge.pdf`);
    await writeFile(huge, "");
    await truncate(huge, 51 * 1024 * 1024); // sparse: nothing is sent, the size is refused first
    await page.getByTestId("file-input").setInputFiles(huge);
    await page.getByTestId("upload-submit").click();
    await expect.poll(() => page.getByTestId("upload-error").textContent()).toMatch(/too large/i);
    expect(errors).toEqual([]);
    await page.close();
  });
});
