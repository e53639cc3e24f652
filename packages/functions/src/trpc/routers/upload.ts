import { Upload } from "@intake/core/upload";
import { limitedProcedure, protectedProcedure, router } from "../trpc";

export const uploadRouter = router({
  purposes: protectedProcedure.query(() => Upload.purposes()),
  initiate: protectedProcedure.input(Upload.initiate.schema).mutation(({ input }) => Upload.initiate(input)),
  confirm: limitedProcedure("upload.confirm")
    .input(Upload.confirm.schema)
    .mutation(({ input }) => Upload.confirm(input)),
  signParts: limitedProcedure("upload.signParts")
    .input(Upload.Multipart.signParts.schema)
    .mutation(({ input }) => Upload.Multipart.signParts(input)),
  listParts: protectedProcedure
    .input(Upload.Multipart.listParts.schema)
    .query(({ input }) => Upload.Multipart.listParts(input)),
  complete: protectedProcedure
    .input(Upload.Multipart.complete.schema)
    .mutation(({ input }) => Upload.Multipart.complete(input)),
  refresh: limitedProcedure("upload.refresh")
    .input(Upload.refresh.schema)
    .mutation(({ input }) => Upload.refresh(input)),
  abort: protectedProcedure.input(Upload.abort.schema).mutation(({ input }) => Upload.abort(input)),
  get: protectedProcedure.input(Upload.get.schema).query(({ input }) => Upload.get(input)),
  list: protectedProcedure.input(Upload.list.schema).query(({ input }) => Upload.list(input)),
  updateFields: protectedProcedure
    .input(Upload.updateFields.schema)
    .mutation(({ input }) => Upload.updateFields(input)),
  download: limitedProcedure("upload.download")
    .input(Upload.download.schema)
    .mutation(({ input }) => Upload.download(input)),
});
