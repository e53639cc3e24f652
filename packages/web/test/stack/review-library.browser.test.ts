// ada approves a book in /admin; bob finds it in the library and downloads it as an attachment.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { book, newUser, pdfBytes, put, single } from "../../../functions/test/stack/helpers";
import { desktop, launch, mobile, openAs, shot } from "./browser";

let browser: Browser;
beforeAll(async () => void (browser = await launch()));
afterAll(async () => browser?.close());

/** A book in review, uploaded through the API by a user of its own (the browser path has its own test). */
async function bookInReview(title: string) {
  const { api } = await newUser();
  const body = pdfBytes(4096);
  const started = single(
    await api.upload.initiate.mutate({ ...book, title, description: "Reviewed in a browser test.", filename: `${title}.pdf`, contentType: "application/pdf", sizeBytes: body.length }),
  );
  const response = await put(started.url, started.headers, body);
  await api.upload.confirm.mutate({ uploadId: started.uploadId, etag: response.headers.get("etag")! });
  await expect.poll(async () => (await api.upload.get.query({ uploadId: started.uploadId })).status, { timeout: 20_000 }).toBe("in_review");
  return started.uploadId;
}

it("ada approves a book and bob downloads it from the library", async () => {
  const title = `Approved ${Date.now()}`;
  const [uploadId, rejectedId] = await Promise.all([bookInReview(title), bookInReview(`Rejected ${Date.now()}`)]);

  const admin = await openAs(browser, "ada", "/admin", desktop);
  expect(await admin.page.getByRole("tab", { selected: true }).getAttribute("data-testid")).toBe("admin-tab-in_review");
  const row = admin.page.locator(`[data-testid="admin-upload"][data-upload-id="${uploadId}"]`);
  await expect.poll(() => row.count()).toBe(1);
  await shot(admin.page, "admin-in-review-desktop");

  // Reject needs a reason: the button stays disabled until one is typed; keep it in review instead.
  await row.getByTestId("reject").click();
  expect(await row.getByTestId("reject-confirm").isDisabled()).toBe(true);
  await row.getByRole("button", { name: "Keep in review" }).click();

  const rejected = admin.page.locator(`[data-testid="admin-upload"][data-upload-id="${rejectedId}"]`);
  await rejected.getByTestId("reject").click();
  await rejected.getByTestId("reject-reason").fill("Not a book");
  await rejected.getByTestId("reject-confirm").click();
  await expect.poll(() => rejected.count()).toBe(0);

  await row.getByTestId("approve").click();
  await expect.poll(() => row.count()).toBe(0);
  await admin.page.getByTestId("admin-tab-ready").click();
  await expect.poll(() => admin.page.locator(`[data-testid="admin-upload"][data-upload-id="${uploadId}"]`).count()).toBe(1);
  await admin.page.getByTestId("admin-tab-rejected").click();
  const rejectedRow = admin.page.locator(`[data-testid="admin-upload"][data-upload-id="${rejectedId}"]`);
  await expect.poll(() => rejectedRow.getByTestId("status-reason").textContent()).toBe("Rejected: Not a book");
  expect(admin.errors).toEqual([]);
  await admin.close();

  const reader = await openAs(browser, "bob", "/library", mobile);
  const entry = reader.page.locator(`[data-testid="library-book"][data-upload-id="${uploadId}"]`);
  await expect.poll(() => entry.count()).toBe(1);
  expect(await entry.textContent()).toContain("Frank Herbert");
  expect(await entry.textContent()).toContain("Reviewed in a browser test.");
  await shot(reader.page, "library-360");

  const [download] = await Promise.all([reader.page.waitForEvent("download"), entry.getByTestId("download").click()]);
  const response = await fetch(download.url());
  expect(response.status).toBe(200);
  expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
  expect(response.headers.get("content-type")).toBe("application/pdf");
  expect(reader.errors).toEqual([]);
  await reader.close();
});
