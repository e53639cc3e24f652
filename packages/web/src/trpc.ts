import { ApiLimits } from "@intake/core/api-limits";
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

/** The API's origin on AWS (API Gateway); the page's own origin in local mode. */
const apiUrl = `${(import.meta.env.VITE_API_URL ?? "").replace(/\/$/, "")}/trpc`;

/** The token is read per request, so signing in or a refreshed token needs no new client. */
export function makeTRPCClient(): TRPCClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: apiUrl,
        maxItems: ApiLimits.maxBatchSize,
        headers() {
          const session = getSession();
          return session ? { Authorization: `Bearer ${session.token}` } : {};
        },
      }),
    ],
  });
}
