// Router tests call procedures in process: only the table is real, in DynamoDB Local in memory.
// Nothing else is contacted (S3 URLs are signed offline; callers are given, not authenticated).
import type { TestProject } from "vitest/node";
import { startDynamoDB } from "@intake/local/emulators/dynamodb";
import { freePort } from "@intake/local/net";
import { ensureTable } from "@intake/local/table";

declare module "vitest" {
  export interface ProvidedContext {
    routerEnv: Record<string, string>;
  }
}

const region = "us-east-1";
const table = "intake";

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDB({ port: await freePort() });
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  await ensureTable({ endpoint: dynamo.endpoint, region, credentials }, table);
  project.provide("routerEnv", {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    INTAKE_TABLE: table,
    INTAKE_STAGING_BUCKET: "intake-staging",
    INTAKE_PRODUCTION_BUCKET: "intake-production",
    INTAKE_QUARANTINE_BUCKET: "intake-quarantine",
    INTAKE_S3_ENDPOINT: "http://127.0.0.1:9",
    INTAKE_DYNAMODB_ENDPOINT: dynamo.endpoint,
    INTAKE_JWT_ISSUER: "http://127.0.0.1:9",
    INTAKE_JWT_AUDIENCE: "intake-router-tests",
    INTAKE_JWKS_URL: "http://127.0.0.1:9/.well-known/jwks.json",
    INTAKE_LOG_LEVEL: "warn",
  });
  return () => dynamo.stop();
}
