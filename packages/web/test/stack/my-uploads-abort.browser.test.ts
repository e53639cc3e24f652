// An upload started but never sent (a closed tab, a lost connection) shows as pending in
// My uploads with an Abort button; aborting it settles it, and only the owner sees it.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { client, tokenFor } from "@intake/testing/api";
import { launch, mobile, openAs, uniqueName } from "@intake/testing/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

it("aborts a pending upload from My uploads", async () => {
  const name = uniqueName("erin");
  const api = client(await tokenFor(name));
  const { uploadId } = await api.upload.initiate.mutate({
    purpose: "receipt",
    filename: "lunch.pdf",
    contentType: "application/pdf",
    sizeBytes: 2048,
  });

  const { page, errors, close } = await openAs(browser, name, "/uploads", mobile);
  const row = page.locator(`[data-testid="my-upload"][data-upload-id="${uploadId}"]`);
  await expect.poll(() => row.getAttribute("data-status")).toBe("pending");
  await row.getByRole("button", { name: "Abort lunch.pdf" }).click();
  await expect.poll(() => row.getAttribute("data-status")).toBe("aborted");
  expect(await row.getByTestId("abort").count()).toBe(0);
  expect((await api.upload.get.query({ uploadId })).status).toBe("aborted");
  expect(errors).toEqual([]);
  await close();

  // Someone else's My uploads never lists it.
  const other = await openAs(browser, uniqueName("frank"), "/uploads", mobile);
  await expect.poll(() => other.page.getByText("Nothing here yet.").count()).toBe(1);
  expect(await other.page.locator(`[data-upload-id="${uploadId}"]`).count()).toBe(0);
  await other.close();
});
