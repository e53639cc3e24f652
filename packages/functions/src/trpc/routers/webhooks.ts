import { Endpoints } from "@intake/core/events/index";
import { adminProcedure, router } from "../trpc";

export const webhooksRouter = router({
  create: adminProcedure.input(Endpoints.CreateInput).mutation(({ input }) => Endpoints.create(input)),
  list: adminProcedure.query(() => Endpoints.list()),
  update: adminProcedure.input(Endpoints.UpdateInput).mutation(({ input }) => Endpoints.update(input)),
  delete: adminProcedure.input(Endpoints.EndpointInput).mutation(({ input }) => Endpoints.remove(input)),
  rotateSecret: adminProcedure.input(Endpoints.EndpointInput).mutation(({ input }) => Endpoints.rotateSecret(input)),
  test: adminProcedure.input(Endpoints.EndpointInput).mutation(({ input }) => Endpoints.test(input)),
  deliveries: adminProcedure.input(Endpoints.DeliveriesInput).query(({ input }) => Endpoints.deliveries(input)),
  replay: adminProcedure.input(Endpoints.ReplayInput).mutation(({ input }) => Endpoints.replay(input)),
});
