// Shared set-up for the browser tests: Debian's Chromium through playwright-core, a fresh
// context per user, dev sign-in through the page itself, and screenshots to look at.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect, inject } from "vitest";

export { pdf, png } from "./files";
// What the shared stack provides to inject("stack"), typed where it is set up.
import type {} from "./stack/global-setup";

export const screenshots = join(process.cwd(), "test-output", "screenshots");
export const mobile = { width: 360, height: 800 };
export const desktop = { width: 1280, height: 900 };

export async function launch(): Promise<Browser> {
  await mkdir(screenshots, { recursive: true });
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
}

/** A name no other test uses, so lists and rate limits never leak between tests. */
export const uniqueName = (base: string) => `${base}_${randomUUID().slice(0, 8)}`;

/** Opens `path`, is sent to sign-in, signs in as `name` and lands back on `path`. */
export async function openAs(browser: Browser, name: string, path: string, viewport = desktop, signInShot?: string) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(inject("stack").appUrl + path);
  await expect.poll(() => new URL(page.url()).pathname).toBe("/sign-in");
  if (signInShot) await shot(page, signInShot);
  if (name === "alice" || name === "bob" || name === "ada") await page.getByTestId(`sign-in-${name}`).click();
  else {
    await page.getByTestId("sign-in-name").fill(name);
    await page.getByTestId("sign-in-submit").click();
  }
  await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain(name);
  await expect.poll(() => new URL(page.url()).pathname).toBe(path);
  return { page, errors, close: () => context.close() };
}

export async function tempFile(name: string, body: Buffer): Promise<string> {
  const file = join(tmpdir(), `intake-${randomUUID().slice(0, 8)}-${name}`);
  await writeFile(file, body);
  return file;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact?: string;
  nodes: { target: unknown[] }[];
}

/** What axe-core finds against WCAG 2 A and AA that would stop or seriously hinder someone. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  // Evaluated, not added as an inline <script>: the app's CSP (no inline scripts) stays in force.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    return (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }))
      .violations;
  });
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

/**
 * Saves a screenshot to look at, after checking the page does not scroll sideways and has
 * no serious accessibility problem axe-core can find.
 */
export async function shot(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} is wider than the window`).toBeLessThanOrEqual(0);
  expect(await accessibilityProblems(page), `${name}: accessibility`).toEqual([]);
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
}

/** Drops files on the upload form's drop zone, as dragging them from the desktop does. */
export async function dropFiles(page: Page, files: { name: string; type: string; body: Buffer }[]) {
  const encoded = files.map((file) => ({ name: file.name, type: file.type, base64: file.body.toString("base64") }));
  const dataTransfer = await page.evaluateHandle((files) => {
    const transfer = new DataTransfer();
    for (const file of files) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return transfer;
  }, encoded);
  await page.getByTestId("drop-zone").dispatchEvent("dragover", { dataTransfer });
  await page.getByTestId("drop-zone").dispatchEvent("drop", { dataTransfer });
}

export async function uploadFile(
  page: Page,
  file: string | string[],
  fields: { purpose: string; title?: string; author?: string; description?: string },
) {
  await page.getByTestId("purpose-select").selectOption(fields.purpose);
  if (fields.title !== undefined) await page.getByTestId("book-title").fill(fields.title);
  if (fields.author !== undefined) await page.getByTestId("book-author").fill(fields.author);
  if (fields.description !== undefined) await page.getByTestId("book-description").fill(fields.description);
  await page.getByTestId("file-input").setInputFiles(file);
  await page.getByTestId("upload-submit").click();
}

/** The queue shows the newest pick first. */
export const latestUpload = (page: Page) => page.getByTestId("queue-item").first();
