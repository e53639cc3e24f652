import { Health } from "@intake/core/health";
import { uploadRouter } from "./routers/upload";
import { publicProcedure, router } from "./trpc";

export const appRouter = router({
  health: publicProcedure.query(() => Health.check()),
  upload: uploadRouter,
});

export type AppRouter = typeof appRouter;
