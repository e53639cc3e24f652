// ada previews a PDF book in review: the file comes from the files origin into a fully
// sandboxed frame, never from a blob or any URL in the app's own origin.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { book, newUser, put, single } from "@intake/testing/api";
import { desktop, launch, openAs, shot } from "@intake/testing/browser";
import { pdf } from "@intake/testing/files";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => browser?.close());

it("the admin preview is a sandboxed frame on the files origin", async () => {
  const { api } = await newUser();
  const body = pdf({ size: 8192 });
  const title = `Preview ${Date.now()}`;
  const started = single(
    await api.upload.initiate.mutate({
      ...book,
      title,
      filename: `${title}.pdf`,
      contentType: "application/pdf",
      sizeBytes: body.length,
    }),
  );
  const sent = await put(started.url, started.headers, body);
  await api.upload.confirm.mutate({ uploadId: started.uploadId, etag: sent.headers.get("etag")! });
  await expect
    .poll(async () => (await api.upload.get.query({ uploadId: started.uploadId })).status, { timeout: 20_000 })
    .toBe("in_review");

  const { appUrl, env } = inject("stack");
  const admin = await openAs(browser, "ada", "/admin", desktop);
  const row = admin.page.locator(`[data-testid="admin-upload"][data-upload-id="${started.uploadId}"]`);
  await expect.poll(() => row.count()).toBe(1);
  const fileRequests: string[] = [];
  admin.page.on(
    "request",
    (request) => request.url().includes(`${started.uploadId}.pdf`) && fileRequests.push(request.url()),
  );
  await row.getByTestId("open-review").click();

  const preview = admin.page.getByTestId("review-panel").getByTestId("preview");
  await expect.poll(() => preview.getAttribute("src")).toMatch(/^http:/);
  const src = new URL((await preview.getAttribute("src"))!);
  expect(await preview.evaluate((frame) => frame.tagName)).toBe("IFRAME");
  // Present and empty: no allow-scripts, no allow-same-origin, nothing else either.
  expect(await preview.getAttribute("sandbox")).toBe("");
  expect(src.origin).toBe(env.INTAKE_FILES_ORIGIN);
  expect(src.origin).not.toBe(appUrl);
  expect(src.pathname).toMatch(new RegExp(`^/files/[^/]+/${started.uploadId}\\.pdf$`));
  // Whatever asked for the file asked the files origin, and nothing rendered a blob.
  await expect.poll(() => fileRequests.length).toBeGreaterThan(0);
  for (const url of fileRequests) expect(new URL(url).origin).toBe(env.INTAKE_FILES_ORIGIN);
  expect(await admin.page.locator('iframe[src^="blob:"], img[src^="blob:"]').count()).toBe(0);

  // What the frame was sent: the file, as a sandboxed attachment that no browser sniffs.
  const response = await fetch(src);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true);
  await shot(admin.page, "admin-preview-files-origin");
  expect(admin.errors).toEqual([]);
  await admin.close();
});
