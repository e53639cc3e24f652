// The API Lambda: the same router the local server mounts, behind API Gateway (HTTP API).
import { ApiLimits } from "@intake/core/api-limits";
import { withLogContext } from "@intake/core/log";
import { awsLambdaRequestHandler } from "@trpc/server/adapters/aws-lambda";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { createContext } from "./trpc/context";
import { logFault } from "./trpc/errors";
import { appRouter } from "./trpc/router";

const trpc = awsLambdaRequestHandler({
  router: appRouter,
  maxBatchSize: ApiLimits.maxBatchSize,
  createContext: ({ event }: { event: APIGatewayProxyEventV2 }) =>
    createContext(event.headers.authorization ?? event.headers.Authorization),
  onError: logFault,
});

/** Every log line of the request carries Lambda's request id, and so does the response. */
export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  const requestId = context.awsRequestId;
  const response = await withLogContext({ requestId }, () => trpc(event, context));
  return { ...response, headers: { ...response.headers, "x-request-id": requestId } };
}
