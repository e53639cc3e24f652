import { Admin } from "@intake/core/admin";
import { adminProcedure, router } from "../trpc";
import { alertsRouter } from "./alerts";
import { webhooksRouter } from "./webhooks";

export const adminRouter = router({
  list: adminProcedure.input(Admin.list.schema).query(({ input }) => Admin.list(input)),
  counts: adminProcedure.query(() => Admin.counts()),
  approve: adminProcedure.input(Admin.approve.schema).mutation(({ input }) => Admin.approve(input)),
  reject: adminProcedure.input(Admin.reject.schema).mutation(({ input }) => Admin.reject(input)),
  retry: adminProcedure.input(Admin.retry.schema).mutation(({ input }) => Admin.retry(input)),
  webhooks: webhooksRouter,
  alerts: alertsRouter,
  purge: adminProcedure.input(Admin.purge.schema).mutation(({ input }) => Admin.purge(input)),
});
