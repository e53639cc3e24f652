// A session ends by itself: when its token runs out, or when the API stops accepting it.
// Either way the user lands on sign-in, told why, with the way back to the page they were on.
// The page runs on Playwright's clock: a token lives ten minutes for the API however slow the
// page is to load, and the page's clock is moved past its expiry once the page is up.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { signedToken } from "@intake/testing/api";
import { desktop, launch, shot, uniqueName } from "@intake/testing/browser";

const inSeconds = (seconds: number) => Math.floor(Date.now() / 1000) + seconds;
const tokenSeconds = 600;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

/** Opens `path` with `bearer` already stored, as after an earlier visit. */
async function openWithToken(bearer: string, path: string) {
  const context = await browser.newContext({ viewport: desktop });
  await context.clock.install(); // the real time, flowing, until a test moves it on
  await context.addInitScript((value) => {
    if (!sessionStorage.getItem("seeded")) localStorage.setItem("intake.token", value);
    sessionStorage.setItem("seeded", "yes");
  }, bearer);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(inject("stack").appUrl + path);
  return { page, errors, close: () => context.close() };
}

it("a token that runs out sends the user to sign-in, saying so, and back after", async () => {
  const name = uniqueName("hank");
  const { page, errors, close } = await openWithToken(await signedToken(name, inSeconds(tokenSeconds)), "/uploads");
  await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain(name);
  expect(new URL(page.url()).pathname).toBe("/uploads");

  await page.clock.fastForward((tokenSeconds + 1) * 1000);
  await expect.poll(() => page.url()).toContain("/sign-in?next=%2Fuploads");
  expect(await page.getByTestId("session-expired").textContent()).toContain("Your session expired");
  await shot(page, "sign-in-expired-desktop");
  expect(await page.evaluate(() => localStorage.getItem("intake.token"))).toBeNull();

  await page.getByTestId("sign-in-name").fill(name);
  await page.getByTestId("sign-in-submit").click();
  await expect.poll(() => new URL(page.url()).pathname).toBe("/uploads");
  expect(errors).toEqual([]);
  await close();
});

it("a token the API refuses ends the session the same way", async () => {
  const forged = await signedToken(uniqueName("ivy"), inSeconds(600), { forged: true });
  const { page, errors, close } = await openWithToken(forged, "/library");
  await expect.poll(() => page.url()).toContain("/sign-in?next=%2Flibrary");
  expect(await page.getByTestId("session-expired").count()).toBe(1);
  expect(errors).toEqual([]);
  await close();
});

it("signing out is not an expiry", async () => {
  const name = uniqueName("jill");
  const { page, close } = await openWithToken(await signedToken(name, inSeconds(600)), "/");
  await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain(name);
  await page.getByTestId("sign-out").click();
  await expect.poll(() => new URL(page.url()).pathname).toBe("/sign-in");
  expect(await page.getByTestId("session-expired").count()).toBe(0);
  await close();
});
