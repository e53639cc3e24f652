import { Actor } from "@intake/core/actor";
import { IntakeError } from "@intake/core/errors";
import { RateLimit } from "@intake/core/rate-limit";
import { withLogContext } from "@intake/core/log";
import { initTRPC } from "@trpc/server";
import type { Context } from "./context";
import { describe, toTRPCError, uploadIdIn } from "./errors";

const t = initTRPC.context<Context>().create({
  isDev: false,
  errorFormatter({ shape, error }) {
    const { message, ...data } = describe(error);
    // tRPC's own fields but its stack: the code, the HTTP status, the procedure's path.
    const { code, httpStatus, path } = shape.data;
    return { ...shape, message, data: { code, httpStatus, path, ...data } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns domain errors thrown below into tRPC errors with the matching code. */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof IntakeError) throw toTRPCError(result.error.cause);
  return result;
});

/** A call that names an upload logs every line with its id. */
const uploadLogContext = t.middleware(async ({ getRawInput, next }) => {
  const uploadId = uploadIdIn(await getRawInput().catch(() => undefined));
  return uploadId ? withLogContext({ uploadId }, next) : next();
});

export const publicProcedure = t.procedure.use(uploadLogContext).use(domainErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  const caller = ctx.caller;
  if (!caller) throw new IntakeError("UNAUTHORIZED", "Sign in first");
  return Actor.provide({ type: "user", properties: caller }, () => next({ ctx: { caller } }));
});

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (!ctx.caller.isAdmin) throw new IntakeError("FORBIDDEN", "Admins only");
  return next();
});

/** A signed-in call counted against its per-user limit: each call of a batch counts. */
export const limitedProcedure = (action: RateLimit.Action) =>
  protectedProcedure.use(async ({ next }) => {
    await RateLimit.take(action, RateLimit.perMinute[action]);
    return next();
  });
