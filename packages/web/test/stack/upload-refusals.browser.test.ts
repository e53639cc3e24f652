// The form shows the server's refusal for a file too large and for a type the purpose does not take.
import { truncate } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { latestUpload, launch, mobile, openAs, shot, tempFile, uniqueName, uploadFile } from "./browser";

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(async () => browser?.close());

it("refuses a too-large book and a wrong type with the server's message", async () => {
  const { page, errors, close } = await openAs(browser, uniqueName("carol"), "/", mobile);

  const huge = await tempFile("huge.pdf", Buffer.alloc(0));
  await truncate(huge, 51 * 1024 * 1024); // sparse: the size is refused before anything is sent
  await uploadFile(page, huge, { purpose: "book", title: "Huge", author: "Someone" });
  await expect.poll(() => latestUpload(page).getByTestId("upload-error").textContent()).toMatch(/too large: the limit is 50\.0 MB/i);

  const text = await tempFile("notes.txt", Buffer.from("just some text"));
  await uploadFile(page, text, { purpose: "invoice" });
  await expect.poll(() => latestUpload(page).getByTestId("upload-error").textContent()).toMatch(/not accepted here\. Accepted: PDF, JPEG, PNG, TIFF/);
  expect(await page.getByTestId("upload-retry").count()).toBe(2);
  await shot(page, "upload-refused-360");

  expect(errors).toEqual([]);
  await close();
});
