// Procedures called in process, and what a client would receive when one refuses.
import { getTRPCErrorShape, TRPCError } from "@trpc/server";
import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { Caller } from "../../src/trpc/auth";
import { appRouter, createCaller } from "../../src/trpc/router";

/** A new signed-in user per test, so rate limits and listings never leak between tests. */
export function someone(options: { admin?: boolean } = {}): Caller {
  const userId = `user_${randomUUID().slice(0, 12)}`;
  return { userId, email: `${userId}@example.com`, isAdmin: options.admin ?? false };
}

/** The router as `caller` (undefined: no token, or one that proves nothing). */
export const as = (caller: Caller | undefined) => createCaller({ caller });

/**
 * The error a refused call answers with, as the client receives it: createCaller throws the
 * TRPCError itself, so the router's errorFormatter is applied here the way the adapters do.
 */
export async function refusal(call: Promise<unknown>, path: string) {
  const error = await call.then(
    () => {
      throw new Error(`expected ${path} to be refused, but it succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return shapeOf(error as TRPCError, path);
}

export function shapeOf(error: TRPCError, path: string) {
  return getTRPCErrorShape({
    config: appRouter._def._config,
    error,
    type: "unknown",
    path,
    input: undefined,
    ctx: undefined,
  });
}

export const invoice = {
  purpose: "invoice" as const,
  filename: "invoice.pdf",
  contentType: "application/pdf",
  sizeBytes: 1000,
};
