// The API Lambda: the same router the local server mounts, behind API Gateway (HTTP API).
import { awsLambdaRequestHandler } from "@trpc/server/adapters/aws-lambda";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { createContext } from "./trpc/context";
import { appRouter } from "./trpc/router";

export const handler = awsLambdaRequestHandler({
  router: appRouter,
  createContext: ({ event }: { event: APIGatewayProxyEventV2 }) =>
    createContext(event.headers.authorization ?? event.headers.Authorization),
  onError: ({ error, path }) => {
    if (error.code === "INTERNAL_SERVER_ERROR") console.error(`trpc ${path}`, error.cause ?? error);
  },
});
