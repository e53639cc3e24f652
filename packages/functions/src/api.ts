// The API Lambda: the same router the local server mounts, behind API Gateway (HTTP API).
import { ApiLimits } from "@intake/core/api-limits";
import { withLogContext } from "@intake/core/log";
import { awsLambdaRequestHandler } from "@trpc/server/adapters/aws-lambda";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { cameThroughCloudFront } from "./origin-verify";
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

/**
 * GET /trpc/health has a route of its own (it needs no token), so API Gateway sends it without
 * the {proxy+} parameter the adapter reads the procedure from: give it that parameter.
 */
function asProxyRoute(event: APIGatewayProxyEventV2): APIGatewayProxyEventV2 {
  if (event.pathParameters?.proxy !== undefined || !event.rawPath.startsWith("/trpc/")) return event;
  return {
    ...event,
    routeKey: "ANY /trpc/{proxy+}",
    pathParameters: { ...event.pathParameters, proxy: event.rawPath.slice("/trpc/".length) },
  };
}

/** Every log line of the request carries Lambda's request id, and so does the response. */
export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  const requestId = context.awsRequestId;
  if (!cameThroughCloudFront(event.headers)) {
    return {
      statusCode: 403,
      headers: { "content-type": "application/json", "x-request-id": requestId },
      body: JSON.stringify({ message: "Forbidden" }),
    };
  }
  const response = await withLogContext({ requestId }, () => trpc(asProxyRoute(event), context));
  return { ...response, headers: { ...response.headers, "x-request-id": requestId } };
}
