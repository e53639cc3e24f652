// bob is no admin: /admin sends him through sign-in and back, then refuses plainly.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launch, mobile, openAs, shot } from "@intake/testing/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

it("refuses /admin to bob", async () => {
  const { page, errors, close } = await openAs(browser, "bob", "/admin", mobile, "sign-in-360");
  expect(await page.getByTestId("admin-refused").textContent()).toMatch(/Admins only.*not an admin/);
  expect(await page.getByRole("link", { name: "Admin" }).count()).toBe(0);
  expect(await page.getByTestId("admin-list").count()).toBe(0);
  await shot(page, "admin-refused-360");
  expect(errors).toEqual([]);
  await close();
});
