// The admin review (issue 14, items 6 and 7): two panes on desktop (the preview beside the
// facts and decision), stacked at 360 px; focus after Details, Back and Approve; ready-made
// rejection reasons; delete for good with a confirmation; re-scan of an upload that failed.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { book, client, expectError, newUser, put, single, tokenFor } from "@intake/testing/api";
import { desktop, launch, mobile, openAs, shot } from "@intake/testing/browser";
import { failedScan } from "@intake/testing/failed";
import { pdf } from "@intake/testing/files";
import { send, settled } from "@intake/testing/scan";
import { eicarBytes } from "@intake/testing/signatures";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

async function bookInReview(title: string) {
  const { api } = await newUser();
  const body = pdf({ size: 4096 });
  const started = single(
    await api.upload.initiate.mutate({
      ...book,
      title,
      filename: `${title}.pdf`,
      contentType: "application/pdf",
      sizeBytes: body.length,
    }),
  );
  const response = await put(started.url, started.headers, body);
  await api.upload.confirm.mutate({ uploadId: started.uploadId, etag: response.headers.get("etag")! });
  expect((await settled(api, started.uploadId)).status).toBe("in_review");
  return started.uploadId;
}

const rowOf = (page: Page, uploadId: string) =>
  page.locator(`[data-testid="admin-upload"][data-upload-id="${uploadId}"]`);

/** The focused element's test id (or id) and the upload row it is in. */
const focus = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      control: element?.dataset.testid ?? element?.id,
      row: element?.closest("[data-upload-id]")?.getAttribute("data-upload-id") ?? undefined,
    };
  });

async function boxes(page: Page) {
  const decision = (await page.getByTestId("review-decision").boundingBox())!;
  const preview = (await page.getByTestId("review-preview").boundingBox())!;
  return { decision, preview };
}

it("reviews in two panes; focus follows Details, Back and Approve; a ready-made reason rejects", async () => {
  const run = Date.now();
  const first = await bookInReview(`First ${run}`);
  const second = await bookInReview(`Second ${run}`);
  const third = await bookInReview(`Third ${run}`);
  const adminApi = client(await tokenFor("ada", ["admins"]));

  const { page, errors, close } = await openAs(browser, "ada", "/admin", desktop);
  await expect.poll(() => rowOf(page, first).count()).toBe(1);
  expect(await page.title()).toBe("Review · Intake");

  // Details: focus moves to the review's title.
  await rowOf(page, second).getByTestId("open-review").click();
  await expect.poll(() => focus(page)).toEqual({ control: "review-title", row: undefined });
  await expect.poll(() => page.getByTestId("preview").count()).toBe(1);
  const wide = await boxes(page);
  // Side by side: the decision on the left, the preview on the right, at the same height.
  expect(wide.decision.x + wide.decision.width).toBeLessThanOrEqual(wide.preview.x);
  expect(wide.preview.y).toBeLessThan(wide.decision.y + wide.decision.height);
  expect(wide.preview.width).toBeGreaterThan(400);
  expect(await page.getByTestId("review-decision").getByTestId("approve").isVisible()).toBe(true);
  await shot(page, "admin-two-pane-desktop");

  // Back: focus returns to the Details of the upload just reviewed.
  await page.getByTestId("review-back").click();
  await expect.poll(() => focus(page)).toEqual({ control: "open-review", row: second });

  // At 360 px the panes stack, the decision first.
  await page.setViewportSize(mobile);
  await page.reload();
  // The header's links scroll sideways inside themselves, the current one in view.
  const current = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" });
  await expect.poll(async () => (await current.boundingBox())?.x).toBeGreaterThan(0);
  const link = (await current.boundingBox())!;
  expect(link.x + link.width).toBeLessThanOrEqual(mobile.width);
  await rowOf(page, second).getByTestId("open-review").click();
  await expect.poll(() => page.getByTestId("preview").count()).toBe(1);
  const narrow = await boxes(page);
  expect(narrow.preview.y).toBeGreaterThanOrEqual(narrow.decision.y + narrow.decision.height);
  expect(narrow.preview.x + narrow.preview.width).toBeLessThanOrEqual(mobile.width);
  await shot(page, "admin-two-pane-360");
  await page.setViewportSize(desktop);

  // Approve in the review: back on the list, focus is on the row that took its place (newest first).
  await page.getByTestId("review-decision").getByTestId("approve").click();
  await expect.poll(() => rowOf(page, second).count()).toBe(0);
  await expect.poll(() => focus(page)).toEqual({ control: "open-review", row: first });

  // Approve in the list: focus moves to the same button in a neighbouring row.
  await rowOf(page, first).getByTestId("approve").click();
  await expect.poll(() => rowOf(page, first).count()).toBe(0);
  const after = await focus(page);
  expect(after.control).toBe("approve");
  expect(after.row).not.toBe(first);

  // A ready-made reason fills the field; the uploader sees it as the reason.
  await rowOf(page, third).getByTestId("reject").click();
  const reasons = rowOf(page, third).getByTestId("ready-reason");
  expect(await reasons.count()).toBeGreaterThanOrEqual(4);
  await shot(page, "admin-ready-reasons-desktop");
  await page.setViewportSize(mobile);
  await shot(page, "admin-ready-reasons-360");
  await page.setViewportSize(desktop);
  await reasons.filter({ hasText: "Not a book" }).click();
  expect(await rowOf(page, third).getByTestId("reject-reason").inputValue()).toBe("Not a book");
  await rowOf(page, third).getByTestId("reject-confirm").click();
  await expect.poll(() => rowOf(page, third).count()).toBe(0);

  const statusOf = async (uploadId: string) => {
    const upload = await adminApi.upload.get.query({ uploadId });
    return [upload.status, upload.statusReason ?? null];
  };
  await expect
    .poll(() => Promise.all([first, second, third].map(statusOf)), { timeout: 20_000 })
    .toEqual([
      ["ready", null],
      ["ready", null],
      ["rejected", "Not a book"],
    ]);
  expect(errors).toEqual([]);
  await close();
}, 90_000);

it("deletes a quarantined file for good after a confirmation, and tries a failed one again, to ready", async () => {
  const owner = await newUser();
  const infected = await send(owner.api, owner.sub, {
    purpose: "statement",
    filename: "statement.pdf",
    contentType: "application/pdf",
    body: pdf({ insert: eicarBytes() }),
  });
  expect((await settled(owner.api, infected.uploadId)).status).toBe("quarantined");
  const failed = await failedScan(owner.api, owner.sub);
  expect((await put(failed.url, failed.headers, failed.body)).status).toBe(200);
  const adminApi = client(await tokenFor("ada", ["admins"]));

  const { page, errors, close } = await openAs(browser, "ada", "/admin", desktop);
  await page.getByTestId("admin-tab-quarantined").click();
  const blocked = rowOf(page, infected.uploadId);
  await expect.poll(() => blocked.count()).toBe(1);
  expect(await blocked.getByTestId("status-badge").textContent()).toBe("Blocked: contains a virus");

  // Asked first; keeping it changes nothing and focus goes back to Delete.
  await blocked.getByTestId("purge").click();
  expect(await blocked.getByTestId("purge-confirmation").textContent()).toContain("cannot be undone");
  expect(await focus(page)).toEqual({ control: "purge-cancel", row: infected.uploadId });
  await shot(page, "admin-purge-confirmation-desktop");
  await page.setViewportSize(mobile);
  await shot(page, "admin-purge-confirmation-360");
  await page.setViewportSize(desktop);
  await blocked.getByTestId("purge-cancel").click();
  await expect.poll(() => focus(page)).toEqual({ control: "purge", row: infected.uploadId });
  expect((await adminApi.upload.get.query({ uploadId: infected.uploadId })).status).toBe("quarantined");

  await blocked.getByTestId("purge").click();
  await blocked.getByTestId("purge-confirm").click();
  await expect.poll(() => blocked.count()).toBe(0);
  await expectError(adminApi.upload.get.query({ uploadId: infected.uploadId }), "NOT_FOUND");
  expect(await page.evaluate(() => document.activeElement !== document.body)).toBe(true);

  // A failed upload: Details, then Try again; the review follows it to ready.
  await page.getByTestId("admin-tab-failed").click();
  await rowOf(page, failed.uploadId).getByTestId("open-review").click();
  const panel = page.getByTestId("review-panel");
  await expect.poll(() => panel.getByTestId("retry").count()).toBe(1);
  expect(await panel.getByTestId("purge").count()).toBe(1);
  await page.setViewportSize(mobile);
  await shot(page, "admin-failed-review-360");
  await page.setViewportSize(desktop);
  await shot(page, "admin-failed-review-desktop");
  await panel.getByTestId("retry").click();
  await expect.poll(() => focus(page)).toEqual({ control: "review-title", row: undefined });
  await expect
    .poll(() => panel.getByTestId("status-badge").getAttribute("data-status"), { timeout: 30_000 })
    .toBe("ready");
  expect(await panel.getByTestId("retry").count()).toBe(0);
  expect((await adminApi.upload.get.query({ uploadId: failed.uploadId })).status).toBe("ready");

  expect(errors).toEqual([]);
  await close();
}, 120_000);
