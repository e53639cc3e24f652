// ada reviews books in /admin: the review view with the scan verdict and a preview, approve,
// reject with a reason and undo, bulk approve; bob then finds a book in the library and downloads it.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { book, client, newUser, put, single, tokenFor } from "@intake/testing/api";
import { pdf } from "@intake/testing/files";
import { desktop, launch, mobile, openAs, shot } from "@intake/testing/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

const bookBytes = 4096;

/** A book in review, uploaded through the API by a user of its own (the browser path has its own test). */
async function bookInReview(title: string) {
  const { api } = await newUser();
  const body = pdf({ size: bookBytes });
  const started = single(
    await api.upload.initiate.mutate({
      ...book,
      title,
      description: "Reviewed in a browser test.",
      filename: `${title}.pdf`,
      contentType: "application/pdf",
      sizeBytes: body.length,
    }),
  );
  const response = await put(started.url, started.headers, body);
  await api.upload.confirm.mutate({ uploadId: started.uploadId, etag: response.headers.get("etag")! });
  await expect
    .poll(async () => (await api.upload.get.query({ uploadId: started.uploadId })).status, { timeout: 20_000 })
    .toBe("in_review");
  return started.uploadId;
}

const rowOf = (page: Page, uploadId: string) =>
  page.locator(`[data-testid="admin-upload"][data-upload-id="${uploadId}"]`);

it("ada reviews, rejects with undo, bulk approves; bob downloads from the library", async () => {
  const run = Date.now();
  const [approvedId, rejectedId, bulkA, bulkB] = await Promise.all([
    bookInReview(`Approved ${run}`),
    bookInReview(`Rejected ${run}`),
    bookInReview(`Bulk A ${run}`),
    bookInReview(`Bulk B ${run}`),
  ]);
  const adminApi = client(await tokenFor("ada", ["admins"]));
  const statusOf = async (uploadId: string) => (await adminApi.upload.get.query({ uploadId })).status;

  const admin = await openAs(browser, "ada", "/admin", desktop);
  const { page } = admin;
  await page.clock.install(); // the real time, flowing, until the decisions below
  const rejectsSent: string[] = [];
  page.on("request", (request) => request.url().includes("admin.reject") && rejectsSent.push(request.postData() ?? ""));
  expect(await page.getByRole("tab", { selected: true }).getAttribute("data-testid")).toBe("admin-tab-in_review");
  await expect.poll(() => page.getByTestId("admin-tab-in_review").textContent()).toMatch(/in review \d+/i);
  await expect.poll(() => rowOf(page, approvedId).count()).toBe(1);

  // Arrow keys move between tabs, Home goes back to the first.
  await page.getByTestId("admin-tab-in_review").focus();
  await page.keyboard.press("ArrowRight");
  expect(await page.getByRole("tab", { selected: true }).getAttribute("data-testid")).toBe("admin-tab-quarantined");
  expect(new URL(page.url()).searchParams.get("status")).toBe("quarantined");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("admin-tab-quarantined");
  await page.keyboard.press("Home");
  expect(await page.getByRole("tab", { selected: true }).getAttribute("data-testid")).toBe("admin-tab-in_review");
  await shot(page, "admin-in-review-desktop");

  // The review view: metadata, the scanner's verdict, and the file itself.
  await rowOf(page, approvedId).getByTestId("open-review").click();
  const panel = page.getByTestId("review-panel");
  await expect.poll(() => panel.locator('[data-fact="Scan"]').textContent()).toMatch(/^Clean/);
  expect(await panel.locator('[data-fact="Real type"]').textContent()).toBe("PDF");
  expect(await panel.locator('[data-fact="Author"]').textContent()).toBe("Frank Herbert");
  const preview = panel.getByTestId("preview");
  // From the files origin, in a frame with every sandbox restriction (file-preview.browser.test.ts has more).
  await expect.poll(() => preview.getAttribute("src")).toMatch(/^http:/);
  expect(new URL((await preview.getAttribute("src"))!).origin).toBe(inject("stack").env.INTAKE_FILES_ORIGIN);
  expect(await preview.getAttribute("sandbox")).toBe("");
  const previewed = await fetch((await preview.getAttribute("src"))!);
  expect((await previewed.arrayBuffer()).byteLength).toBe(bookBytes);
  await shot(page, "admin-review-desktop");
  // Decisions wait a few seconds on the page's clock before they are sent. It stands still
  // while the test decides and undoes (a slow machine must not send them early) and is moved
  // past the wait after. React renders without timers, so the page still answers clicks; the
  // lists' refetches land once the clock moves again.
  await page.clock.pauseAt(Date.now() + 1_000);
  await panel.getByTestId("approve").click();
  // Back on the list, the book is gone at once; the decision waits a moment so it can be undone.
  await expect.poll(() => rowOf(page, bulkA).count()).toBe(1);
  expect(await rowOf(page, approvedId).count()).toBe(0);
  expect(await page.getByTestId("decision-toast").first().textContent()).toContain(`Approved “Approved ${run}”`);

  // Reject needs a reason; undo puts it back and nothing reaches the server.
  const rejected = rowOf(page, rejectedId);
  await rejected.getByTestId("reject").click();
  expect(await rejected.getByTestId("reject-confirm").isDisabled()).toBe(true);
  await rejected.getByTestId("reject-reason").fill("Not a book");
  await rejected.getByTestId("reject-confirm").click();
  expect(await rejected.count()).toBe(0);
  await page.getByTestId("decision-toast").filter({ hasText: "Rejected" }).getByTestId("undo").click();
  await expect.poll(() => rejected.count()).toBe(1);
  await rejected.getByTestId("reject").click();
  await rejected.getByTestId("reject-reason").fill("Not a book");
  await rejected.getByTestId("reject-confirm").click();

  // Bulk approve two books.
  await rowOf(page, bulkA).getByTestId("select").check();
  await rowOf(page, bulkB).getByTestId("select").check();
  await page.getByTestId("approve-selected").click();
  expect(await rowOf(page, bulkA).count()).toBe(0);
  expect(await page.getByTestId("decision-toast").filter({ hasText: "Approved 2 uploads" }).count()).toBe(1);

  // Undone, the first rejection was never sent: one request, for the second.
  expect(rejectsSent).toEqual([]);
  await page.clock.resume();
  await page.clock.fastForward(60_000);
  await expect.poll(() => page.getByTestId("decision-toast").count()).toBe(0);
  expect(rejectsSent.filter((body) => body.includes(rejectedId))).toHaveLength(1);
  expect(await Promise.all([approvedId, rejectedId, bulkA, bulkB].map(statusOf))).toEqual([
    "ready",
    "rejected",
    "ready",
    "ready",
  ]);
  expect(await page.getByTestId("decision-failures").count()).toBe(0);

  await page.getByTestId("admin-tab-rejected").click();
  await expect
    .poll(() => rowOf(page, rejectedId).getByTestId("status-reason").textContent())
    .toBe("Rejected: Not a book");
  await page.getByTestId("admin-tab-all").click();
  await expect.poll(() => rowOf(page, approvedId).getAttribute("data-status")).toBe("ready");
  await page.setViewportSize(mobile);
  await shot(page, "admin-all-360");
  expect(admin.errors).toEqual([]);
  await admin.close();

  const reader = await openAs(browser, "bob", "/library", mobile);
  const entry = reader.page.locator(`[data-testid="library-book"][data-upload-id="${approvedId}"]`);
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
}, 120_000);
