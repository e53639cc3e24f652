import { Library } from "@intake/core/library";
import { protectedProcedure, router } from "../trpc";

export const libraryRouter = router({
  list: protectedProcedure.input(Library.list.schema).query(({ input }) => Library.list(input)),
});
