import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import { generateKeyPair, importJWK, SignJWT } from "jose";
import { randomUUID } from "node:crypto";
import { expect, inject } from "vitest";
import type { AppRouter } from "@intake/functions/trpc/router";
// What the shared stack provides to inject("stack"), typed where it is set up.
import type {} from "./stack/global-setup";

export const appUrl = () => inject("stack").appUrl;

export function client(token?: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${appUrl()}/trpc`, headers: token ? { authorization: `Bearer ${token}` } : {} })],
  });
}

export async function tokenFor(sub: string, groups: string[] = []): Promise<string> {
  const response = await fetch(`${appUrl()}/dev/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sub, email: `${sub}@example.com`, groups }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/**
 * A token shaped like the dev issuer's with the expiry given (epoch seconds), signed with the
 * stack's own key, or with a key of its own when `forged`.
 */
export async function signedToken(
  sub: string,
  expiresAt: number,
  options: { groups?: string[]; forged?: boolean } = {},
) {
  const { privateJwk } = inject("stack");
  const key = options.forged ? (await generateKeyPair("RS256")).privateKey : await importJWK(privateJwk, "RS256");
  return new SignJWT({ email: `${sub}@example.com`, "cognito:groups": options.groups ?? [], token_use: "id" })
    .setProtectedHeader({ alg: "RS256", kid: privateJwk.kid })
    .setIssuer(appUrl())
    .setAudience("intake-local")
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key);
}

/** A new user for each test, so rate limits and listings never leak between tests. */
export async function newUser(options: { admin?: boolean } = {}) {
  const sub = `user_${randomUUID().slice(0, 12)}`;
  const token = await tokenFor(sub, options.admin ? ["admins"] : []);
  return { sub, token, api: client(token) };
}

export const book = { purpose: "book" as const, title: "Dune", author: "Frank Herbert" };

export async function put(url: string, headers: Record<string, string>, body: Buffer) {
  return fetch(url, { method: "PUT", headers, body: new Uint8Array(body) });
}

/** Awaits a rejected call and checks its tRPC code and application code. */
export async function expectError(call: Promise<unknown>, code: string, appCode?: string) {
  const error = await call.then(
    () => {
      throw new Error(`expected ${code}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  const data = (error as TRPCClientError<AppRouter>).data as { code: string; appCode: string; details: any };
  expect(data.code).toBe(code);
  if (appCode) expect(data.appCode).toBe(appCode);
  return { data, message: (error as Error).message };
}

/** initiate's answer for a file under the multipart threshold: one PUT, with its URL. */
export function single<T extends { method: string }>(started: T): Extract<T, { method: "PUT" }> {
  expect(started.method).toBe("PUT");
  return started as Extract<T, { method: "PUT" }>;
}
