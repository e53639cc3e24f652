// The form refuses what the server would refuse, beside the field and before sending, in the
// words of the server's own refusal; what only the server knows (the rate limit) comes back
// from it with the wait time.
import { truncate } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  latestUpload,
  launch,
  mobile,
  openAs,
  png,
  shot,
  tempFile,
  uniqueName,
  uploadFile,
} from "@intake/testing/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

it("refuses a too-large book, a wrong type and a book without a title in the form", async () => {
  const { page, errors, close } = await openAs(browser, uniqueName("carol"), "/", mobile);
  const initiates: string[] = [];
  page.on("request", (request) => request.url().includes("upload.initiate") && initiates.push(request.url()));

  const huge = await tempFile("huge.pdf", Buffer.alloc(0));
  await truncate(huge, 51 * 1024 * 1024); // sparse: the size is refused before anything is read
  await uploadFile(page, huge, { purpose: "book", title: "Huge", author: "Someone" });
  expect(await page.getByTestId("file-problem").textContent()).toBe("This file is too large: the limit is 50.0 MB.");
  expect(await page.getByTestId("file-choose").getAttribute("aria-invalid")).toBe("true");
  await page.getByRole("button", { name: /^Remove .*huge\.pdf$/ }).click();
  expect(await page.getByTestId("picked-file").count()).toBe(0);

  // Nothing typed into title or author yet: the first submit shows both and focuses the title.
  await page.reload();
  await uploadFile(page, await tempFile("fine.pdf", Buffer.from("%PDF-1.7\n")), { purpose: "book" });
  expect(await page.getByTestId("book-title-error").textContent()).toBe("A book needs a title");
  expect(await page.getByTestId("book-author-error").textContent()).toBe("A book needs an author");
  // The first field to fix has the focus.
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("book-title");
  await page.getByTestId("book-title").fill("Fine");
  expect(await page.getByTestId("book-title-error").count()).toBe(0);

  const text = await tempFile("notes.txt", Buffer.from("just some text"));
  await page.getByTestId("purpose-select").selectOption("invoice");
  await page.getByTestId("file-input").setInputFiles(text);
  expect(await page.getByTestId("file-problem").allTextContents()).toEqual([
    "This file type is not accepted here. Accepted: PDF, JPEG, PNG, TIFF.",
  ]);
  await page.getByTestId("upload-submit").click();
  await shot(page, "upload-refused-360");

  expect(await page.getByTestId("queue-item").count()).toBe(0);
  expect(initiates).toEqual([]);
  expect(errors).toEqual([]);
  await close();
});

it("waits out the server's rate limit with a countdown while the rest of the queue uploads", async () => {
  const { page, errors, close } = await openAs(browser, uniqueName("dave"), "/", mobile);
  // The local stack allows 10 initiates a minute per user.
  const files = await Promise.all(Array.from({ length: 11 }, (_, i) => tempFile(`scan-${i}.png`, png())));
  await uploadFile(page, files, { purpose: "invoice" });

  const items = page.getByTestId("queue-item");
  await expect.poll(() => items.count()).toBe(11);
  // The eleventh is not an error to click: it waits in line, the panel counting down.
  await expect
    .poll(() => page.getByTestId("upload-wait").textContent(), { timeout: 20_000 })
    .toMatch(/^Upload limit reached: next start in \d+ s$/);
  const waiting = page.locator("[data-testid=queue-item][data-state=queued]");
  expect(await waiting.count()).toBe(1);
  expect(await waiting.getByTestId("upload-progress-text").textContent()).toMatch(/^Waiting \d+ s \(upload limit\)$/);
  await expect
    .poll(() => page.locator("[data-testid=upload-status][data-status=ready]").count(), { timeout: 30_000 })
    .toBe(10);
  expect(await page.getByTestId("upload-error").count()).toBe(0);
  expect(await latestUpload(page).isVisible()).toBe(true);

  expect(errors).toEqual([]);
  await close();
});
