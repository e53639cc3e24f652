// Deployed, CloudFront adds a secret header to every request it forwards to the API; a request
// sent to API Gateway's own URL lacks it and is refused before the router runs.
import { provideSettings, settings } from "@intake/core/settings";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { originVerifyHeader as stacksHeader } from "../../../../stacks/Api";
import { handler } from "../../src/api";
import { originVerifyHeader } from "../../src/origin-verify";

const secret = "s3cretFromSecretsManager0123456789abcdefghijklmn";

/** GET /trpc/health as API Gateway sends it on its own route: no path parameters. */
function healthRequest(headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "GET /trpc/health",
    rawPath: "/trpc/health",
    rawQueryString: "",
    headers,
    isBase64Encoded: false,
    requestContext: {
      http: { method: "GET", path: "/trpc/health", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
    },
  } as unknown as APIGatewayProxyEventV2;
}

const call = (headers: Record<string, string>, configured: string | undefined) => {
  const context = { awsRequestId: randomUUID() } as Context;
  return provideSettings({ ...settings(), originVerifySecret: configured }, () =>
    handler(healthRequest(headers), context),
  ).then((response) => ({ ...response, requestId: context.awsRequestId }));
};

it("CloudFront and the API agree on the header's name", () => {
  expect(originVerifyHeader).toBe(stacksHeader);
});

it("with the secret configured, a request without the header is refused with 403 and its request id", async () => {
  const response = await call({}, secret);
  expect(response.statusCode).toBe(403);
  expect(response.headers["x-request-id"]).toBe(response.requestId);
  expect(JSON.parse(response.body as string)).toEqual({ message: "Forbidden" });
});

it("a wrong value, or the right one's prefix, is refused too", async () => {
  expect((await call({ [originVerifyHeader]: "guess" }, secret)).statusCode).toBe(403);
  expect((await call({ [originVerifyHeader]: secret.slice(0, -1) }, secret)).statusCode).toBe(403);
});

it("the request CloudFront forwards, with the secret, reaches the router", async () => {
  const response = await call({ [originVerifyHeader]: secret }, secret);
  expect(response.statusCode).toBe(200);
  expect(JSON.parse(response.body as string)).toMatchObject({ result: { data: { ok: true } } });
});

it("without a secret configured (local mode, sst dev) nothing is checked", async () => {
  const response = await call({}, undefined);
  expect(response.statusCode).toBe(200);
});

it("health answers on its own route and, in a batch, on the {proxy+} route", async () => {
  const context = { awsRequestId: randomUUID() } as Context;
  const batched = {
    ...healthRequest({}),
    routeKey: "ANY /trpc/{proxy+}",
    rawPath: "/trpc/health,health",
    rawQueryString: "batch=1&input=%7B%7D",
    pathParameters: { proxy: "health,health" },
  };
  const response = await handler(batched, context);
  expect(response.statusCode).toBe(200);
  expect(JSON.parse(response.body as string)).toEqual([
    expect.objectContaining({ result: { data: expect.objectContaining({ ok: true }) } }),
    expect.objectContaining({ result: { data: expect.objectContaining({ ok: true }) } }),
  ]);
});
