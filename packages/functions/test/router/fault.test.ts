// An unexpected fault, caused for real: DynamoDB's endpoint refuses connections. The client
// is told INTERNAL_SERVER_ERROR and nothing more; the log line has it all, with the request
// id (also in the response's x-request-id) and the upload id.
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { as, refusal, someone } from "./helpers";

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** A port nothing listens on: bound, then released. */
async function refusingPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise((done) => server.close(done));
  return port;
}

// A token issuer of the test's own (JWKS over HTTP, as Cognito's), so the Lambda handler
// authenticates a caller the way it does on AWS.
const { publicKey, privateKey } = await generateKeyPair("RS256");
const jwk = { ...(await exportJWK(publicKey)), kid: "test", alg: "RS256", use: "sig" };
const issuer = createServer((_, res) =>
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })),
);
const issuerUrl = `http://127.0.0.1:${await listen(issuer)}`;
afterAll(() => new Promise((done) => issuer.close(done)));

// Read once by core on first use: set before any procedure runs.
Object.assign(process.env, {
  INTAKE_DYNAMODB_ENDPOINT: `http://127.0.0.1:${await refusingPort()}`,
  INTAKE_JWT_ISSUER: issuerUrl,
  INTAKE_JWKS_URL: `${issuerUrl}/.well-known/jwks.json`,
});
const { handler } = await import("../../src/api");

afterEach(() => vi.restoreAllMocks());

const uploadId = "upl_0123456789abcdef0123456789abcdef";

/** All a client learns of a fault in `upload.get`, however it called. */
const internalError = {
  message: "Internal server error",
  code: -32603,
  data: {
    code: "INTERNAL_SERVER_ERROR",
    httpStatus: 500,
    path: "upload.get",
    appCode: "INTERNAL_SERVER_ERROR",
    details: {},
  },
};

describe("an unexpected fault", () => {
  it("is INTERNAL_SERVER_ERROR with no message, stack or internals", async () => {
    const shape = await refusal(as(someone()).upload.get({ uploadId }), "upload.get");
    expect(shape).toEqual(internalError);
  });

  it("through the API handler: the answer says nothing, the log line says all, both name the request", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    const token = await new SignJWT({ token_use: "id" })
      .setProtectedHeader({ alg: "RS256", kid: "test" })
      .setIssuer(issuerUrl)
      .setAudience(process.env.INTAKE_JWT_AUDIENCE!)
      .setSubject("user_fault")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey);
    const awsRequestId = randomUUID();

    const response = await handler(lambdaEvent("upload.get", { uploadId }, token), { awsRequestId } as Context);

    expect(response.statusCode).toBe(500);
    expect(response.headers?.["x-request-id"]).toBe(awsRequestId);
    const body = JSON.parse(response.body ?? "");
    expect(body.error).toEqual(internalError);
    expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|\bat /);

    const faults = errors.map((line) => JSON.parse(line)).filter((line) => line.message === "api: fault");
    expect(faults).toEqual([
      expect.objectContaining({
        level: "error",
        requestId: awsRequestId,
        uploadId,
        path: "upload.get",
        error: expect.stringContaining("ECONNREFUSED"),
        stack: expect.stringContaining("\n    at "),
      }),
    ]);
  });

  it("a procedure that does not exist is BAD_REQUEST with tRPC's words, and it is no fault", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await handler(lambdaEvent("upload.nothing", {}), { awsRequestId: randomUUID() } as Context);
    expect(response.statusCode).toBe(404);
    expect(JSON.parse(response.body ?? "").error.data).toEqual({
      code: "NOT_FOUND",
      httpStatus: 404,
      path: "upload.nothing",
      appCode: "BAD_REQUEST",
      details: {},
    });
    expect(errors).not.toHaveBeenCalled();
  });
});

/** A GET /trpc/{path} as API Gateway's HTTP API (payload 2.0) hands it to the Lambda. */
function lambdaEvent(path: string, input: unknown, token?: string): APIGatewayProxyEventV2 {
  const event = {
    version: "2.0",
    routeKey: "ANY /trpc/{proxy+}",
    rawPath: `/trpc/${path}`,
    rawQueryString: `input=${encodeURIComponent(JSON.stringify(input))}`,
    pathParameters: { proxy: path },
    headers: token ? { authorization: `Bearer ${token}` } : {},
    isBase64Encoded: false,
    requestContext: { domainName: "api.example.com", http: { method: "GET", path: `/trpc/${path}` } },
  };
  return event as unknown as APIGatewayProxyEventV2;
}
