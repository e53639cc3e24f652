import { Health } from "@intake/core/health";
import { adminRouter } from "./routers/admin";
import { libraryRouter } from "./routers/library";
import { uploadRouter } from "./routers/upload";
import { publicProcedure, router } from "./trpc";

export const appRouter = router({
  health: publicProcedure.query(() => Health.check()),
  upload: uploadRouter,
  library: libraryRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
