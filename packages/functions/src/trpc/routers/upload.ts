import { Upload } from "@intake/core/upload";
import { protectedProcedure, router } from "../trpc";

export const uploadRouter = router({
  purposes: protectedProcedure.query(() => Upload.purposes()),
  initiate: protectedProcedure.input(Upload.initiate.schema).mutation(({ input }) => Upload.initiate(input)),
  confirm: protectedProcedure.input(Upload.confirm.schema).mutation(({ input }) => Upload.confirm(input)),
  signParts: protectedProcedure
    .input(Upload.Multipart.signParts.schema)
    .mutation(({ input }) => Upload.Multipart.signParts(input)),
  listParts: protectedProcedure
    .input(Upload.Multipart.listParts.schema)
    .query(({ input }) => Upload.Multipart.listParts(input)),
  complete: protectedProcedure
    .input(Upload.Multipart.complete.schema)
    .mutation(({ input }) => Upload.Multipart.complete(input)),
  refresh: protectedProcedure.input(Upload.refresh.schema).mutation(({ input }) => Upload.refresh(input)),
  abort: protectedProcedure.input(Upload.abort.schema).mutation(({ input }) => Upload.abort(input)),
  get: protectedProcedure.input(Upload.get.schema).query(({ input }) => Upload.get(input)),
  list: protectedProcedure.input(Upload.list.schema).query(({ input }) => Upload.list(input)),
  download: protectedProcedure.input(Upload.download.schema).mutation(({ input }) => Upload.download(input)),
});
