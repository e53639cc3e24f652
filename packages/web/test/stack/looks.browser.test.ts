// Words and looks for people (issue 14, items 5, 6 and 8): each status in words with its own
// icon and colour, the real type named in words, empty states that say what is filtered,
// focus after Remove, a title per route and an announcement when the route changes.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { client, tokenFor } from "@intake/testing/api";
import {
  desktop,
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
import { failedScan } from "@intake/testing/failed";
import { eicarBytes } from "@intake/testing/signatures";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

const nav = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
const statusOfLatest = (page: Page) => latestUpload(page).getByTestId("upload-status").getAttribute("data-status");
const rowIn = (page: Page, status: string) =>
  page.locator(`[data-testid="my-upload"][data-status="${status}"]`).first();

/** A badge as a person sees it: its words, its icon's shape, and its colour. */
async function badgeOf(row: ReturnType<Page["locator"]>) {
  const badge = row.getByTestId("status-badge");
  const icon = badge.locator("svg.status-icon");
  return {
    text: (await badge.textContent())?.trim(),
    icon: await icon.getAttribute("data-icon"),
    iconWidth: (await icon.boundingBox())?.width ?? 0,
    color: await badge.evaluate((element) => getComputedStyle(element).color),
  };
}

it("ready, blocked and failed uploads read in words, each with its own icon and colour; a mismatch names the real type", async () => {
  const name = uniqueName("wren");
  const { page, errors, close } = await openAs(browser, name, "/", desktop);

  await uploadFile(page, await tempFile("lunch.pdf", pdf()), { purpose: "receipt" });
  await expect.poll(() => statusOfLatest(page), { timeout: 30_000 }).toBe("ready");
  await uploadFile(page, await tempFile("report.pdf", eicarBytes()), { purpose: "statement" });
  await expect.poll(() => statusOfLatest(page), { timeout: 30_000 }).toBe("quarantined");
  // A blocked file's bar is not the clean file's blue: it takes the status's colour.
  const barColour = (item: ReturnType<Page["locator"]>) =>
    item.getByTestId("upload-progress").evaluate((bar) => getComputedStyle(bar).accentColor);
  const [blockedBar, cleanBar] = [
    await barColour(latestUpload(page)),
    await barColour(page.getByTestId("queue-item").nth(1)),
  ];
  expect(blockedBar).toBe("rgb(180, 35, 24)");
  expect(cleanBar).toBe("rgb(29, 122, 62)");
  // PNG bytes named .pdf: the browser declares a PDF, the scanner finds a PNG.
  await uploadFile(page, await tempFile("scan.pdf", png()), { purpose: "statement" });
  await expect.poll(() => statusOfLatest(page), { timeout: 30_000 }).toBe("quarantined");
  expect(await latestUpload(page).locator(".reason").textContent()).toBe("It is really a PNG image, not a PDF");
  expect(await latestUpload(page).getByTestId("status-badge").textContent()).toBe(
    "Blocked: not the type it claims to be",
  );

  const owner = client(await tokenFor(name));
  const failed = await failedScan(owner, name);

  await nav(page, "My uploads").click();
  await expect.poll(() => rowIn(page, "failed").count()).toBe(1);
  const ready = await badgeOf(rowIn(page, "ready"));
  const blocked = await badgeOf(page.locator('[data-testid="my-upload"][data-status="quarantined"]').nth(1));
  const failing = await badgeOf(rowIn(page, "failed"));
  expect(ready).toMatchObject({ text: "Ready", icon: "check" });
  expect(blocked).toMatchObject({ text: "Blocked: contains a virus", icon: "shield" });
  expect(failing).toMatchObject({ text: "Could not be checked", icon: "alert" });
  for (const badge of [ready, blocked, failing]) expect(badge.iconWidth).toBeGreaterThan(8);
  expect(new Set([ready.color, blocked.color, failing.color]).size).toBe(3);
  expect(await rowIn(page, "failed").getByTestId("status-reason").textContent()).toBe(
    "The virus check kept failing; an admin can try it again",
  );
  expect(
    await page
      .locator('[data-testid="my-upload"][data-status="quarantined"]')
      .first()
      .getByTestId("status-reason")
      .textContent(),
  ).toBe("It is really a PNG image, not a PDF");
  await shot(page, "looks-my-uploads-desktop");
  await page.setViewportSize(mobile);
  await shot(page, "looks-my-uploads-mobile");

  // A filter that matches nothing says which filter, and offers everything back.
  await page.getByTestId("status-filter").selectOption("rejected");
  await expect
    .poll(() => page.getByTestId("empty-state").textContent())
    .toBe("No uploads with the status “Rejected”. Show all uploads");
  await shot(page, "looks-empty-filter-mobile");
  await page.setViewportSize(desktop);
  await shot(page, "looks-empty-filter-desktop");
  await page.getByTestId("show-all").click();
  await expect.poll(() => page.getByTestId("my-upload").count()).toBe(4);
  expect(failed.uploadId).toBeTruthy();

  expect(errors).toEqual([]);
  await close();
}, 120_000);

it("each route has its own title, a route change is announced, and Remove moves focus to the next file", async () => {
  const { page, errors, close } = await openAs(browser, uniqueName("tern"), "/", mobile);
  expect(await page.title()).toBe("Upload · Intake");
  const announcer = page.getByTestId("route-announcer");
  expect(await announcer.getAttribute("aria-live")).toBe("polite");

  for (const [link, title] of [
    ["My uploads", "My uploads · Intake"],
    ["Library", "Library · Intake"],
    ["Upload", "Upload · Intake"],
  ] as const) {
    await nav(page, link).click();
    await expect.poll(() => page.title()).toBe(title);
    expect(await announcer.textContent()).toBe(`${link} page`);
  }

  // Three picked files; removing the middle one focuses the next Remove, the last one the one before.
  await page.getByTestId("purpose-select").selectOption("receipt");
  await page
    .getByTestId("file-input")
    .setInputFiles([await tempFile("a.pdf", pdf()), await tempFile("b.pdf", pdf()), await tempFile("c.pdf", pdf())]);
  const removes = page.getByTestId("remove-picked");
  await expect.poll(() => removes.count()).toBe(3);
  const focused = () =>
    page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.id);
  await removes.nth(1).click();
  expect(await focused()).toMatch(/^Remove intake-.*-c\.pdf$/);
  await removes.nth(1).click();
  expect(await focused()).toMatch(/^Remove intake-.*-a\.pdf$/);
  await removes.nth(0).click();
  expect(await focused()).toBe("file");
  await shot(page, "looks-upload-mobile");

  await page.goto(`${new URL(page.url()).origin}/no-such-page`);
  await expect.poll(() => page.title()).toBe("Page not found · Intake");
  await shot(page, "looks-not-found-mobile");
  await page.setViewportSize(desktop);
  await shot(page, "looks-not-found-desktop");
  await nav(page, "Upload").click();
  await expect.poll(() => page.title()).toBe("Upload · Intake");
  await shot(page, "looks-upload-desktop");

  expect(errors).toEqual([]);
  await close();
});
