import { Health } from "@intake/core/health";
import { adminRouter } from "./routers/admin";
import { libraryRouter } from "./routers/library";
import { uploadRouter } from "./routers/upload";
import { createCallerFactory, publicProcedure, router } from "./trpc";

export const appRouter = router({
  // Anyone may ask whether the API is up, cheaply; only an admin makes it ask every part.
  health: publicProcedure.query(({ ctx }) => (ctx.caller?.isAdmin ? Health.check() : Health.up())),
  upload: uploadRouter,
  library: libraryRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

/** The router called in process, with the caller given instead of read from a token. */
export const createCaller = createCallerFactory(appRouter);
