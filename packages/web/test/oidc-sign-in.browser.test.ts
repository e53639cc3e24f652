// Sign-in as deployed on AWS, against a real OpenID provider (panva's certified
// oidc-provider standing in for Cognito's hosted UI): authorization code with PKCE through
// oidc-client-ts, the way back to the page asked for, a session that survives a reload,
// a refresh before the token expires, renewal failures, and sign-out (refresh token revoked).
// The app is built, as for AWS, and served as static files. Pages run on Playwright's clock:
// tokens live minutes in real time, and a test moves the page's clock to the renewal rather
// than waiting for it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import Provider from "oidc-provider";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launch } from "@intake/testing/browser";

const clientId = "intake-spa";
const accessTokenSeconds = 600;
/** oidc-client-ts renews 60 s before the access token expires: this far on, renewal is due. */
const renewalDueMs = (accessTokenSeconds - 59) * 1000;
/**
 * Longer than the access token: once moved on, the page's clock runs ahead of the provider's,
 * and the ID token (the session's, stamped by the provider) must not look expired to the page.
 */
const idTokenSeconds = 3600;

let browser: Browser;
let oidc: Provider;
let provider: Server;
let app: Server;
let distDir: string;
let issuer: string;
let appUrl: string;

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

const contentTypes: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };

/** As the app's static host answers: the file asked for, or index.html for the app's routes. */
async function serveBuiltApp(request: IncomingMessage, response: ServerResponse) {
  const asked = join(distDir, normalize(new URL(request.url ?? "/", appUrl).pathname));
  const isFile = asked.startsWith(distDir) && (await stat(asked).catch(() => undefined))?.isFile();
  const file = isFile ? asked : join(distDir, "index.html");
  response.writeHead(200, { "content-type": contentTypes[extname(file)] ?? "application/octet-stream" });
  response.end(await readFile(file));
}

beforeAll(async () => {
  // Ports first: the provider must know the app's callback, the app the provider's address.
  provider = createServer();
  app = createServer();
  [issuer, appUrl] = await Promise.all([listen(provider), listen(app)]);

  oidc = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: "none", // a public client, like the SPA's Cognito app client
        redirect_uris: [`${appUrl}/auth/callback`],
        post_logout_redirect_uris: [appUrl],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
      },
    ],
    // Like a Cognito ID token: email and the groups claim the API reads admins from.
    claims: { openid: ["sub"], email: ["email"], profile: ["cognito:groups"] },
    conformIdTokenClaims: false,
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@example.com`, "cognito:groups": sub === "ada" ? ["admins"] : [] }),
    }),
    // Cognito issues a refresh token without offline_access; so does this provider here.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    ttl: {
      AccessToken: accessTokenSeconds,
      IdToken: idTokenSeconds,
      RefreshToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    // Cognito's token endpoint answers the SPA's origin; this one answers only the app's.
    clientBasedCORS: (_ctx, origin) => origin === appUrl,
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      revocation: { enabled: true },
    },
  });
  provider.on("request", oidc.callback());

  distDir = await mkdtemp(join(tmpdir(), "intake-web-"));
  const root = fileURLToPath(new URL("..", import.meta.url));
  // Vite takes VITE_ variables from the environment, as the deployed build gets them.
  process.env.VITE_COGNITO_AUTHORITY = issuer;
  process.env.VITE_COGNITO_CLIENT_ID = clientId;
  await build({
    root,
    configFile: join(root, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir: distDir, emptyOutDir: true },
  });
  app.on("request", (request, response) => {
    serveBuiltApp(request, response).catch((error: unknown) => response.destroy(error as Error));
  });
  browser = await launch();
});

afterAll(async () => {
  delete process.env.VITE_COGNITO_AUTHORITY;
  delete process.env.VITE_COGNITO_CLIENT_ID;
  await browser?.close();
  provider?.closeAllConnections();
  app?.closeAllConnections();
  await Promise.all([provider, app].map((server) => server && new Promise((resolve) => server.close(resolve))));
  if (distDir) await rm(distDir, { recursive: true, force: true });
});

async function newPage(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  await context.clock.install(); // the real time, flowing, until a test moves it on
  // The provider's built-in pages import a web font; there is no internet here.
  await context.route(/fonts\.googleapis\.com/, (route) => route.abort());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
}

const storedToken = (page: Page) => page.evaluate(() => localStorage.getItem("intake.token"));

/** A field of the user oidc-client-ts keeps in localStorage. */
const storedUserField = (page: Page, field: "access_token" | "refresh_token") =>
  page.evaluate(
    ({ key, field }) => {
      const user = localStorage.getItem(key);
      return user ? ((JSON.parse(user) as Record<string, string | undefined>)[field] ?? null) : null;
    },
    { key: `oidc.user:${issuer}:${clientId}`, field },
  );

const storedRefreshToken = (page: Page) => storedUserField(page, "refresh_token");

/** The provider's own login and consent pages. */
async function logInAtProvider(page: Page, name: string) {
  await page.locator('input[name="login"]').fill(name);
  await page.locator('input[name="password"]').fill("any password");
  await page.locator('button[type="submit"]').click();
  await page.getByRole("button", { name: "Continue" }).click();
}

// Each test is its own user in its own browser context. One after another: side by side on a
// busy machine, each would take as long as all three.
it("signs in with code + PKCE, stays signed in, refreshes the token, and signs out at the provider", async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${appUrl}/uploads`);
  await expect.poll(() => page.url()).toBe(`${appUrl}/sign-in?next=%2Fuploads`);

  const authorize = page.waitForRequest((request) => request.url().startsWith(`${issuer}/auth?`));
  await page.getByTestId("sign-in-hosted").click();
  const params = new URL((await authorize).url()).searchParams;
  expect(params.get("response_type")).toBe("code");
  expect(params.get("client_id")).toBe(clientId);
  expect(params.get("code_challenge_method")).toBe("S256");
  expect(params.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);

  await logInAtProvider(page, "ada");
  await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${appUrl}/uploads`);
  expect(await page.getByTestId("signed-in-as").textContent()).toContain("ada");
  expect(await page.getByTestId("signed-in-as").textContent()).toContain("admin");
  const first = await storedToken(page);
  expect(first).toMatch(/^ey/);

  await page.reload();
  await expect.poll(() => page.getByTestId("signed-in-as").textContent()).toContain("ada");
  expect(page.url()).toBe(`${appUrl}/uploads`);

  // Before the token expires the library redeems the refresh token; the app sends the new one.
  // (Compared with what the provider answered, not with the first token: an ID token minted in
  // the same second with the same claims is the same string, RS256 being deterministic.)
  const firstAccessToken = await storedUserField(page, "access_token");
  const refresh = page.waitForResponse(
    (response) =>
      response.url() === `${issuer}/token` &&
      (response.request().postData() ?? "").includes("grant_type=refresh_token"),
  );
  await page.clock.fastForward(renewalDueMs);
  const renewed = (await (await refresh).json()) as { id_token: string; access_token: string };
  expect(renewed.access_token).not.toBe(firstAccessToken);
  await expect.poll(() => storedUserField(page, "access_token")).toBe(renewed.access_token);
  await expect.poll(() => storedToken(page)).toBe(renewed.id_token);

  // Sign-out revokes the refresh token, forgets the tokens, then ends the provider's session.
  const refreshToken = await storedRefreshToken(page);
  expect(await oidc.RefreshToken.find(refreshToken!)).toBeTruthy();
  await page.getByTestId("sign-out").click();
  await page.waitForURL(`${issuer}/session/end**`);
  expect(
    await page.evaluate(() =>
      Object.keys(localStorage).filter((key) => key === "intake.token" || key.startsWith("oidc.user:")),
    ),
  ).toEqual([]);
  expect(await oidc.RefreshToken.find(refreshToken!)).toBeUndefined();
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  await expect.poll(() => new URL(page.url()).origin).toBe(appUrl);
  await expect.poll(() => new URL(page.url()).pathname).toBe("/sign-in");
  expect(errors).toEqual([]);
  await context.close();
});

it("explains a sign-in cancelled at the provider or not started here, with a way to try again", async () => {
  const { context, page, errors } = await newPage();
  const failed = page.getByTestId("sign-in-failed");
  await page.goto(`${appUrl}/sign-in`);
  await page.getByTestId("sign-in-hosted").click();
  await page.getByRole("link", { name: "[ Cancel ]" }).click();
  await expect.poll(() => failed.count()).toBe(1);
  expect(new URL(page.url()).pathname).toBe("/auth/callback");
  expect(await failed.getByRole("alert").textContent()).toContain("End-User aborted interaction");
  await failed.getByRole("link", { name: "Try again" }).click();
  await expect.poll(() => new URL(page.url()).pathname).toBe("/sign-in");
  expect(await page.getByTestId("sign-in-hosted").count()).toBe(1);

  // A code with a state this browser never sent (forged, or begun in another browser).
  await page.goto(`${appUrl}/auth/callback?code=forged&state=unknown`);
  await expect.poll(() => failed.count()).toBe(1);
  expect(await failed.getByRole("alert").textContent()).toBe(
    "This sign-in was not started in this browser, or its link was already used.",
  );
  expect(await storedToken(page)).toBeNull();
  expect(errors).toEqual([]);
  await context.close();
});

it("keeps the session through a renewal the network lost, and ends it when the provider refuses the refresh token", async () => {
  const { context, page, errors } = await newPage();
  const warnings: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "warning") warnings.push(message.text());
  });
  await page.goto(`${appUrl}/uploads`);
  await page.getByTestId("sign-in-hosted").click();
  await logInAtProvider(page, "bob");
  await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${appUrl}/uploads`);
  expect(await page.getByTestId("signed-in-as").textContent()).toContain("bob");
  expect(await page.locator(".badge-admin").count()).toBe(0);

  // The token endpoint unreachable when renewal is due: the user stays signed in.
  await context.route(`${issuer}/token`, (route) => route.abort());
  await page.clock.fastForward(renewalDueMs);
  await expect.poll(() => warnings.some((text) => text.startsWith("Could not renew the session"))).toBe(true);
  const refreshToken = await storedRefreshToken(page);
  expect(refreshToken).toBeTruthy();
  expect(await page.getByTestId("signed-in-as").textContent()).toContain("bob");
  await context.unroute(`${issuer}/token`);

  // Revoked at the provider: the renewal after the reload is refused, and the session ends.
  await (await oidc.RefreshToken.find(refreshToken!))?.destroy();
  await page.reload();
  await expect.poll(() => page.url(), { timeout: 15_000 }).toBe(`${appUrl}/sign-in?next=%2Fuploads`);
  expect(await page.getByTestId("session-expired").count()).toBe(1);
  expect(await storedRefreshToken(page)).toBeNull();
  expect(await storedToken(page)).toBeNull();
  expect(errors).toEqual([]);
  await context.close();
});
