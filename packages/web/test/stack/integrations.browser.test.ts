// The admin Integrations page and Security alerts list (issue 13, item 5), against a real
// receiver on loopback (the shared stack runs in local mode, where http and loopback are allowed).
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { verify } from "@intake/core/events/signature";
import { newUser } from "@intake/testing/api";
import { desktop, launch, mobile, openAs, shot } from "@intake/testing/browser";
import { pdf } from "@intake/testing/files";
import { send, settled } from "@intake/testing/scan";
import { eicarBytes } from "@intake/testing/signatures";

interface Received {
  id: string;
  type: string;
  body: string;
  headers: Record<string, string>;
}

let browser: Browser;
const received: Received[] = [];
const receiver = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    const headers = plain(request.headers);
    received.push({ id: headers["webhook-id"] ?? "", type: JSON.parse(body).type, body, headers });
    response.writeHead(200).end();
  });
});
let receiverUrl: string;

beforeAll(async () => {
  browser = await launch();
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/intake`;
});
afterAll(async () => {
  await browser?.close();
  receiver.close();
});

function plain(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, String(value)]));
}

const tests = () => received.filter((r) => r.type === "webhook.test");

/** The focused element's test id (or id) and the endpoint it belongs to. */
const focus = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      control: element === document.body ? "body" : (element?.dataset.testid ?? element?.id),
      endpoint: element?.closest("[data-endpoint-id]")?.getAttribute("data-endpoint-id") ?? undefined,
    };
  });

it("adds an endpoint with its secret shown once, tests, logs, replays, disables, rotates and deletes it", async () => {
  const { page, errors, close } = await openAs(browser, "ada", "/admin/integrations", desktop);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  expect(await page.title()).toBe("Integrations · Intake");
  const current = page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Integrations" });
  expect(await current.getAttribute("aria-current")).toBe("page");
  // The header's Admin link stands for every admin page.
  const admin = page.getByRole("banner").getByRole("link", { name: "Admin", exact: true });
  expect(await admin.getAttribute("aria-current")).toBe("page");

  // Refused in words: only http(s) URLs, and never a non-URL.
  await page.getByTestId("endpoint-url-input").fill("ftp://127.0.0.1/hooks");
  await page.getByTestId("endpoint-create").click();
  await expect
    .poll(() => page.getByTestId("endpoint-refusal").textContent())
    .toBe("This URL cannot receive webhooks: the URL must be https");
  expect(await page.getByTestId("endpoint-url-input").getAttribute("aria-invalid")).toBe("true");

  // Added: the secret is shown once, focused, and copies to the clipboard.
  await page.getByTestId("endpoint-url-input").fill(receiverUrl);
  await page.getByTestId("endpoint-description-input").fill("Accounts payable");
  await page.getByTestId("event-document.in_review").uncheck();
  await page.getByTestId("endpoint-create").click();
  const shown = page.getByTestId("secret-shown");
  await expect.poll(() => shown.count()).toBe(1);
  expect(await focus(page)).toEqual({ control: "secret-title", endpoint: undefined });
  const secret = (await page.getByTestId("secret-value").textContent())!;
  expect(secret).toMatch(/^whsec_/);
  await page.getByTestId("secret-copy").click();
  await expect.poll(() => page.getByTestId("secret-copied").textContent()).toBe("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  const endpoint = page.getByTestId("endpoint").filter({ hasText: receiverUrl });
  await expect.poll(() => endpoint.count()).toBe(1);
  const endpointId = (await endpoint.getAttribute("data-endpoint-id"))!;
  expect(await endpoint.getByTestId("endpoint-events").textContent()).not.toContain("waits for review");
  await shot(page, "integrations-secret-desktop");

  // Done: the secret is gone for good, focus is on its endpoint.
  await page.getByTestId("secret-done").click();
  expect(await shown.count()).toBe(0);
  expect(await page.getByText(secret).count()).toBe(0);
  await expect.poll(() => focus(page)).toEqual({ control: "endpoint-url", endpoint: endpointId });
  await page.reload();
  await expect.poll(() => endpoint.count()).toBe(1);
  expect(await page.getByText(secret).count()).toBe(0);

  // Send test: the receiver gets webhook.test signed with the secret shown; the log says 200.
  await endpoint.getByTestId("endpoint-test").click();
  await expect.poll(() => tests().length, { timeout: 30_000 }).toBe(1);
  const first = tests()[0]!;
  expect(verify(secret, first.body, first.headers)).toMatchObject({ type: "webhook.test", data: { endpointId } });
  const firstRow = endpoint.locator(`[data-testid="delivery"][data-delivery-id="${first.id}"]`);
  await expect.poll(() => firstRow.getAttribute("data-status"), { timeout: 20_000 }).toBe("delivered");
  expect(await firstRow.getByTestId("delivery-code").textContent()).toBe("HTTP 200");
  expect(await firstRow.getByTestId("delivery-attempts").textContent()).toBe("1 attempt");
  expect(await firstRow.getByTestId("delivery-duration").textContent()).toMatch(/^\d+ ms$/);
  await expect.poll(() => endpoint.getByTestId("endpoint-last").textContent()).toContain("Delivered (HTTP 200)");
  await shot(page, "integrations-deliveries-desktop");
  await page.setViewportSize(mobile);
  await shot(page, "integrations-deliveries-360");
  await page.setViewportSize(desktop);

  // Replay: the same webhook-id again, so the receiver can tell it is the same delivery.
  await firstRow.getByTestId("delivery-replay").click();
  await expect.poll(() => tests().length, { timeout: 30_000 }).toBe(2);
  expect(tests()[1]!.id).toBe(first.id);
  await expect
    .poll(() => firstRow.getByTestId("delivery-attempts").textContent(), { timeout: 20_000 })
    .toBe("2 attempts");

  // Disabled: a test is recorded as not sent, and the receiver hears nothing.
  await endpoint.getByTestId("endpoint-enabled").uncheck();
  await expect.poll(() => endpoint.getByTestId("endpoint-state").textContent()).toBe("Disabled");
  await endpoint.getByTestId("endpoint-test").click();
  const notSent = endpoint.locator('[data-testid="delivery"][data-status="failed"]');
  await expect.poll(() => notSent.count(), { timeout: 20_000 }).toBe(1);
  expect(await notSent.getByTestId("delivery-error").textContent()).toBe("Not sent: the endpoint is disabled.");
  expect(tests().length).toBe(2);

  // Rotate: the new secret once, with the 24 h overlap said; both secrets verify the next test.
  await endpoint.getByTestId("endpoint-rotate").click();
  await expect.poll(() => shown.count()).toBe(1);
  expect(await focus(page)).toEqual({ control: "secret-title", endpoint: undefined });
  expect(await shown.textContent()).toContain("old secret keeps working for 24 hours");
  const rotated = (await page.getByTestId("secret-value").textContent())!;
  expect(rotated).toMatch(/^whsec_/);
  expect(rotated).not.toBe(secret);
  await page.setViewportSize(mobile);
  await shot(page, "integrations-rotated-360");
  await page.setViewportSize(desktop);
  await page.getByTestId("secret-done").click();
  await expect.poll(() => focus(page)).toEqual({ control: "endpoint-url", endpoint: endpointId });
  await endpoint.getByTestId("endpoint-enabled").check();
  await expect.poll(() => endpoint.getByTestId("endpoint-state").textContent()).toBe("Enabled");
  await endpoint.getByTestId("endpoint-test").click();
  await expect.poll(() => tests().length, { timeout: 30_000 }).toBe(3);
  const third = tests()[2]!;
  expect(third.id).not.toBe(first.id);
  expect(verify(rotated, third.body, third.headers)).toMatchObject({ type: "webhook.test" });
  expect(verify(secret, third.body, third.headers)).toMatchObject({ type: "webhook.test" });

  // Delete: asked first (focus on Keep it); keeping changes nothing; deleting moves focus on.
  await endpoint.getByTestId("endpoint-delete").click();
  await expect.poll(() => focus(page)).toEqual({ control: "endpoint-delete-cancel", endpoint: endpointId });
  await endpoint.getByTestId("endpoint-delete-cancel").click();
  await expect.poll(() => focus(page)).toEqual({ control: "endpoint-delete", endpoint: endpointId });
  await endpoint.getByTestId("endpoint-delete").click();
  await endpoint.getByTestId("endpoint-delete-confirm").click();
  await expect.poll(() => endpoint.count()).toBe(0);
  const after = await focus(page);
  expect(["add-endpoint-title", "endpoint-delete"]).toContain(after.control);
  await page.reload();
  await expect
    .poll(() => page.getByTestId("endpoints-empty").or(page.getByTestId("endpoint")).count())
    .toBeGreaterThan(0);
  expect(await endpoint.count()).toBe(0);

  expect(errors).toEqual([]);
  await close();
}, 120_000);

it("lists a quarantined upload among the security alerts, with its owner, purpose, reason and signature", async () => {
  const owner = await newUser();
  const infected = await send(owner.api, owner.sub, {
    purpose: "statement",
    filename: "statement.pdf",
    contentType: "application/pdf",
    body: pdf({ insert: eicarBytes() }),
  });
  expect((await settled(owner.api, infected.uploadId)).status).toBe("quarantined");
  // The alert is written when the dispatcher reads the quarantine's event: wait for it on the
  // server, then load the page once (a page reloaded on every poll never settles on a busy machine).
  const admin = await newUser({ admin: true });
  await expect
    .poll(
      async () => {
        const { items } = await admin.api.admin.alerts.list.query({ limit: 100 });
        return items.some((alert) => alert.uploadId === infected.uploadId);
      },
      { timeout: 60_000 },
    )
    .toBe(true);

  const { page, errors, close } = await openAs(browser, "ada", "/admin", desktop);
  // Reached from the admin area by keyboard.
  const link = page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Security alerts" });
  await link.focus();
  await page.keyboard.press("Enter");
  await expect.poll(() => new URL(page.url()).pathname).toBe("/admin/alerts");
  await expect.poll(() => page.title()).toBe("Security alerts · Intake");

  const row = page.locator(`[data-testid="alert"][data-upload-id="${infected.uploadId}"]`);
  await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
  expect(await row.getByTestId("alert-reason").textContent()).toBe("Blocked: contains a virus");
  expect(await row.getByTestId("alert-signatures").textContent()).toMatch(/^Found: .*EICAR/i);
  expect(await row.getByTestId("alert-owner").textContent()).toBe(owner.sub);
  expect(await row.getByTestId("alert-upload").textContent()).toBe(infected.uploadId);
  expect(await row.textContent()).toContain("Statement");
  const times = await page
    .getByTestId("alert")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-created-at")!));
  expect(times).toEqual(times.toSorted().reverse());
  await shot(page, "security-alerts-desktop");
  await page.setViewportSize(mobile);
  await shot(page, "security-alerts-360");

  expect(errors).toEqual([]);
  await close();
}, 150_000);
