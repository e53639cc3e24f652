import type { AppRouter } from "@intake/functions/trpc/router";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { getSession } from "./auth/session";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type TRPCClient = ReturnType<typeof createTRPCClient<AppRouter>>;
export type Inputs = inferRouterInputs<AppRouter>;
export type Outputs = inferRouterOutputs<AppRouter>;
export type UploadInfo = Outputs["upload"]["get"];
export type UploadStatus = UploadInfo["status"];

/** Same origin as the API; the token is read per request so sign-in needs no new client. */
export function makeTRPCClient(): TRPCClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: "/trpc",
        headers() {
          const session = getSession();
          return session ? { Authorization: `Bearer ${session.token}` } : {};
        },
      }),
    ],
  });
}
