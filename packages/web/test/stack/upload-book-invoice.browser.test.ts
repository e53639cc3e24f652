// alice uploads a PDF book (picked) and PNG invoices (dropped): each reaches 100%, then the book waits for
// review and the invoice is ready, on the upload page and in My uploads.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  dropFiles,
  latestUpload,
  launch,
  mobile,
  openAs,
  pdf,
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

it("alice uploads a book and an invoice and sees them scanned", async () => {
  const { page, errors, close } = await openAs(browser, uniqueName("alice"), "/", mobile);

  await uploadFile(page, await tempFile("Dune.pdf", pdf({ size: 300_000 })), {
    purpose: "book",
    title: "Dune",
    author: "Frank Herbert",
    description: "A desert planet.",
  });
  const bookItem = latestUpload(page);
  await expect
    .poll(() => bookItem.getByTestId("upload-status").getAttribute("data-status"), { timeout: 20_000 })
    .toBe("in_review");
  expect(await bookItem.getByTestId("upload-progress").getAttribute("data-percent")).toBe("100");
  expect(await bookItem.getByTestId("upload-progress-text").textContent()).toMatch(/^100%/);

  // Two invoices dropped at once: each has its own line in the queue, and both end ready.
  await page.getByTestId("purpose-select").selectOption("invoice");
  await dropFiles(page, [
    { name: "invoice.png", type: "image/png", body: png() },
    { name: "invoice-2.png", type: "image/png", body: png() },
  ]);
  expect(await page.getByTestId("picked-file").allTextContents()).toEqual([
    expect.stringContaining("invoice.png"),
    expect.stringContaining("invoice-2.png"),
  ]);
  await page.getByTestId("upload-submit").click();
  const items = page.getByTestId("queue-item");
  await expect.poll(() => items.count()).toBe(3);
  for (const i of [0, 1]) {
    await expect
      .poll(() => items.nth(i).getByTestId("upload-status").getAttribute("data-status"), { timeout: 20_000 })
      .toBe("ready");
    expect(await items.nth(i).getByTestId("upload-progress").getAttribute("data-percent")).toBe("100");
  }
  await shot(page, "upload-page-360");

  await page.getByRole("link", { name: "My uploads" }).first().click();
  const rows = page.getByTestId("my-upload");
  await expect.poll(() => rows.count()).toBe(3);
  // Newest first: the invoices, then the book.
  expect(await rows.nth(0).getAttribute("data-status")).toBe("ready");
  expect(await rows.nth(2).getAttribute("data-status")).toBe("in_review");
  expect(await rows.nth(2).textContent()).toContain("Dune");
  await expect.poll(() => rows.nth(0).getByTestId("download").count()).toBe(1);

  await page.getByTestId("status-filter").selectOption("in_review");
  await expect.poll(() => rows.count()).toBe(1);
  await page.getByTestId("status-filter").selectOption("");
  await expect.poll(() => rows.count()).toBe(3);
  await shot(page, "my-uploads-360");
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, "my-uploads-desktop");

  expect(errors).toEqual([]);
  await close();
});
