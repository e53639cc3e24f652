import { Alerts } from "@intake/core/events/index";
import { adminProcedure, router } from "../trpc";

export const alertsRouter = router({
  list: adminProcedure.input(Alerts.ListAlertsInput).query(({ input }) => Alerts.list(input)),
});
