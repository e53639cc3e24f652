// What processing read from a document is on screen: the page count in My uploads, and for a
// PDF with a script, the reason it was refused.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as pdfs from "@intake/testing/corpus/pdfs";
import { desktop, latestUpload, launch, openAs, shot, tempFile, uniqueName, uploadFile } from "@intake/testing/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

it("My uploads shows a statement's page count, and why a PDF with JavaScript was refused", async () => {
  const { page, errors, close } = await openAs(browser, uniqueName("paula"), "/", desktop);

  await uploadFile(page, await tempFile("march.pdf", Buffer.from(await pdfs.clean())), { purpose: "statement" });
  await expect
    .poll(() => latestUpload(page).getByTestId("upload-status").getAttribute("data-status"), { timeout: 30_000 })
    .toBe("ready");
  await uploadFile(page, await tempFile("april.pdf", Buffer.from(await pdfs.documentJavaScript())), {
    purpose: "statement",
  });
  await expect
    .poll(() => latestUpload(page).getByTestId("upload-status").getAttribute("data-status"), { timeout: 30_000 })
    .toBe("quarantined");

  await page.getByRole("link", { name: "My uploads" }).first().click();
  const rows = page.getByTestId("my-upload");
  const refused = rows.filter({ hasText: "april.pdf" });
  const ready = rows.filter({ hasText: "march.pdf" });
  await expect.poll(() => refused.getAttribute("data-status")).toBe("quarantined");
  expect(await refused.getByTestId("status-reason").textContent()).toMatch(/something that runs.*JavaScript/);
  expect(await ready.getByTestId("document-summary").textContent()).toBe(`${pdfs.described.pages} pages`);
  await shot(page, "my-uploads-processing-desktop");

  expect(errors).toEqual([]);
  await close();
});
