import { Health } from "@intake/core/health";
import { adminRouter } from "./routers/admin";
import { libraryRouter } from "./routers/library";
import { uploadRouter } from "./routers/upload";
import { createCallerFactory, publicProcedure, router } from "./trpc";

export const appRouter = router({
  health: publicProcedure.query(() => Health.check()),
  upload: uploadRouter,
  library: libraryRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

/** The router called in process, with the caller given instead of read from a token. */
export const createCaller = createCallerFactory(appRouter);
