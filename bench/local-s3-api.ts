// A lean local stack for benchmarks: s3rver behind the strict middleware (in its own process),
// DynamoDB Local in memory and the API, on free ports. No queue, scanner or SPA, so nothing
// else takes CPU.
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { tableDefinition } from "@intake/core/dynamo";
import { environment, parseSettings, provideSettings } from "@intake/core/settings";
import type { AppRouter } from "@intake/functions/trpc/router";
import { startApiServer } from "@intake/local/api-server";
import { startDynamoDB } from "@intake/local/emulators/dynamodb";
import { createIssuer } from "@intake/local/issuer";
import { freePort } from "@intake/local/net";
import { createTRPCClient, httpLink } from "@trpc/client";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buckets, credentials, region } from "./bench-config";

async function startS3Process(directory: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", new URL("./s3-process.ts", import.meta.url).pathname, directory],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  const { endpoint } = JSON.parse(line.toString()) as { endpoint: string };
  return {
    endpoint,
    stop: async () => {
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

export async function startBenchStack(maxSizeBytes: number) {
  const dir = await mkdtemp(join(tmpdir(), "intake-bench-"));
  const [dynamoPort, appPort] = await Promise.all([freePort(), freePort()]);
  const dynamo = await startDynamoDB({ port: dynamoPort });
  const s3 = await startS3Process(join(dir, "s3"));
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region, credentials });
  await client.send(new CreateTableCommand(tableDefinition("intake")));
  client.destroy();

  const appUrl = `http://127.0.0.1:${appPort}`;
  const settings = parseSettings(
    environment(
      {
        table: "intake",
        buckets,
        jwt: { issuer: appUrl, jwksUrl: `${appUrl}/.well-known/jwks.json` },
        local: { region, credentials, endpoints: { s3: s3.endpoint, dynamodb: dynamo.endpoint } },
      },
      { INTAKE_INITIATES_PER_MINUTE: "1000", INTAKE_PURPOSES: JSON.stringify({ statement: { maxSizeBytes } }) },
    ),
  );
  const issuer = await createIssuer(appUrl);
  const api = await startApiServer({ port: appPort, issuer, settings });
  const token = await issuer.issue({ sub: "bench", email: "bench@example.com" });
  const trpc = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${appUrl}/trpc`, headers: { authorization: `Bearer ${token}` } })],
  });
  return {
    trpc,
    s3Endpoint: s3.endpoint,
    dir,
    /** Runs `fn` (core calls included) against this stack. */
    run: <T>(fn: () => T): T => provideSettings(settings, fn),
    async stop() {
      await api.stop();
      await s3.stop();
      await dynamo.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
