// An EICAR test file declared as a PDF ends quarantined, and My uploads names the signature.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { eicarBytes, reportedName, SIGNATURES } from "@intake/local/emulators/clamd";
import { desktop, latestUpload, launch, openAs, shot, tempFile, uniqueName, uploadFile } from "@intake/testing/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

it("shows a quarantined upload with the signature found", async () => {
  const { page, errors, close } = await openAs(browser, uniqueName("mallory"), "/", desktop);

  await uploadFile(page, await tempFile("report.pdf", eicarBytes()), { purpose: "statement" });
  await expect
    .poll(() => latestUpload(page).getByTestId("upload-status").getAttribute("data-status"), { timeout: 20_000 })
    .toBe("quarantined");

  await page.getByRole("link", { name: "My uploads" }).first().click();
  const row = page.getByTestId("my-upload").first();
  await expect.poll(() => row.getAttribute("data-status")).toBe("quarantined");
  expect(await row.getByTestId("status-reason").textContent()).toContain(reportedName(SIGNATURES.eicar));
  expect(await row.getByTestId("download").count()).toBe(0);
  await shot(page, "my-uploads-quarantined-desktop");

  expect(errors).toEqual([]);
  await close();
});
