// The whole local stack: emulators, the table and buckets, the token issuer and the API.
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { environment, parseSettings, provideSettings, type Settings, type Tunables } from "@intake/core/settings";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { ensureTable } from "./table";
import { startApiServer } from "./api-server";
import { startConsumers, type ConsumerOptions, type Consumers } from "./consumers";
import { startClamd } from "./emulators/clamd";
import { startDynamoDB } from "./emulators/dynamodb";
import { startQueues } from "./emulators/queues";
import { provideKey } from "@intake/core/files/signing-key";
import { loadOrCreateKeyPair } from "./files-origin/key-pair";
import { startFilesOrigin } from "./files-origin/server";
import { createIssuer, localAudience } from "./issuer";
import { freePort } from "./net";
import { s3ClientConfig, startS3 } from "./s3/server";

export const region = "us-east-1";
/** s3rver's fixed credentials; the other emulators accept any. */
export const credentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
export const names = {
  table: "intake",
  staging: "intake-staging",
  production: "intake-production",
  quarantine: "intake-quarantine",
};

export interface StackOptions {
  /** The app's origin port (API, dev issuer, SPA); 0 picks a free one. */
  port: number;
  /** Where S3 objects, clamd's database and the signing key live. */
  dataDir: string;
  /** Keep DynamoDB on disk under dataDir (npm start) or in memory (tests). */
  persistDynamo: boolean;
  /** Serve the SPA through Vite. */
  web: boolean;
  log?: (line: string) => void;
  /** The scan and processing queues and their consumers; the defaults suit `npm start`. */
  scan?: ConsumerOptions & { visibilityTimeoutSeconds?: number; maxReceiveCount?: number };
  /** Use a clamd that is already running instead of starting one. */
  clamd?: { host: "127.0.0.1"; port: number };
  /** The deployment's tuning (purposes, TTLs, log level, …); the defaults otherwise. */
  tunables?: Tunables;
}

export interface Stack {
  /** `files`: the files origin downloads are served from (the app's port + 1, or a free one). */
  urls: { app: string; files: string; s3: string; dynamodb: string; sqs: string; clamd: string };
  /** This stack's settings as a function's environment (for a process of its own). */
  env: Record<string, string>;
  /** The settings the API and consumers run with; process.env is left alone. */
  settings: Settings;
  /** Runs `fn` (core calls included) against this stack. */
  run<T>(fn: () => T): T;
  issuer: Awaited<ReturnType<typeof createIssuer>>;
  queues: {
    scan: string;
    deadLetter: string;
    process: string;
    processDeadLetter: string;
    delivery: string;
    deliveryDeadLetter: string;
    /** Subscribed to the alerts topic: what an alert email would say. */
    alerts: string;
  };
  consumers: Consumers;
  /** Fault tests: takes one emulator down (DynamoDB Local by SIGKILL) and brings it back on the same port and data. */
  fault: Record<FaultyPart, { down(): Promise<void>; up(): Promise<void> }>;
  stop(): Promise<void>;
}

/** The queues come back empty: what they held is lost, and the sweeper re-queues it. */
export type FaultyPart = "clamd" | "dynamodb" | "s3" | "queues";

type Stoppable = { stop(): Promise<void> };

async function startAll<T extends readonly Promise<Stoppable>[]>(
  stops: Array<() => Promise<void>>,
  starting: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(starting);
  for (const result of results) if (result.status === "fulfilled") stops.push(result.value.stop);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<Stoppable>).value) as {
    [K in keyof T]: Awaited<T[K]>;
  };
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const log = options.log ?? (() => {});
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch((error) => console.error(error));
  };
  try {
    const appPort = options.port || (await freePort());
    const appUrl = `http://127.0.0.1:${appPort}`;
    const [dynamoPort, sqsPort, clamdPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const visibilityTimeoutSeconds = options.scan?.visibilityTimeoutSeconds ?? 120;
    const maxReceives = options.scan?.maxReceiveCount ?? 5;

    // Started together; when one fails, the others are stopped once they are up.
    const starters = {
      dynamodb: () =>
        startDynamoDB({
          port: dynamoPort,
          dataDir: options.persistDynamo ? join(options.dataDir, "dynamodb") : undefined,
        }),
      queues: () => startQueues({ port: sqsPort, visibilityTimeoutSeconds, maxReceiveCount: maxReceives }),
      clamd: () =>
        options.clamd
          ? Promise.resolve({ ...options.clamd, stop: async () => {} })
          : startClamd({ dataDir: options.dataDir, port: clamdPort }),
    };
    let [dynamo, queues, clamd] = await startAll(stops, [
      starters.dynamodb(),
      starters.queues(),
      starters.clamd(),
    ] as const);

    const sqs = new SQSClient({ endpoint: queues.endpoint, region, credentials });
    stops.push(async () => sqs.destroy());
    const s3Options = {
      port: 0,
      directory: join(options.dataDir, "s3"),
      buckets: [names.staging, names.production, names.quarantine],
      corsOrigins: [appUrl],
      credentials,
      region,
      // S3 → SQS in the exact shape S3 sends, as the bucket notification does on AWS.
      onObjectCreated: (record) => {
        if (record.s3.bucket.name !== names.staging) return;
        sqs
          .send(
            new SendMessageCommand({
              QueueUrl: queues.scanQueueUrl,
              MessageBody: JSON.stringify({ Records: [record] }),
            }),
          )
          .catch((error) => console.error("could not queue S3 event:", error));
      },
    } satisfies Parameters<typeof startS3>[0];
    let s3 = await startS3(s3Options);
    stops.push(s3.stop);
    await ensureTable({ endpoint: dynamo.endpoint, region, credentials }, names.table);
    // The key group's one key; its private half reaches the API in process, named as the SSM parameter is on AWS.
    const keyFile = join(options.dataDir, "files-origin", "private-key.pem");
    const filesKey = await loadOrCreateKeyPair(keyFile);
    const privateKeyParameter = `local:${keyFile}`;
    provideKey(privateKeyParameter, filesKey.privateKeyPem);
    let ready: Settings | undefined;
    const files = await startFilesOrigin({
      port: options.port ? options.port + 1 : 0,
      s3: s3ClientConfig(s3.endpoint, credentials, region),
      bucket: names.production,
      keyGroup: new Map([[filesKey.keyPairId, filesKey.publicKey]]),
      settings: () => ready,
    });
    stops.push(files.stop);

    const env = environment(
      {
        table: names.table,
        buckets: { staging: names.staging, production: names.production, quarantine: names.quarantine },
        scanQueueUrl: queues.scanQueueUrl,
        scan: { maxReceives, visibilityTimeoutSeconds },
        processQueueUrl: queues.processQueueUrl,
        processing: { maxReceives, visibilityTimeoutSeconds },
        clamd: { host: clamd.host, port: clamd.port },
        jwt: { issuer: appUrl, audience: localAudience, jwksUrl: `${appUrl}/.well-known/jwks.json` },
        files: { origin: files.url, keyPairId: filesKey.keyPairId, privateKeyParameter },
        events: {
          deliveryQueueUrl: queues.deliveryQueueUrl,
          alertsTopicArn: queues.alertsTopicArn,
          secretsKeyId: `local:${join(options.dataDir, "webhooks", "secrets.key")}`,
        },
        local: {
          region,
          credentials,
          endpoints: { s3: s3.endpoint, dynamodb: dynamo.endpoint, sqs: queues.endpoint },
          allowLoopback: true,
        },
      },
      // One user's zip bombs leave a core to the others (scan/clamd-turns.ts).
      { INTAKE_SCAN_CLAMD_PER_OWNER: String(Math.max(1, availableParallelism() - 1)), ...options.tunables },
    );
    // The API and consumers run in this process: they are given these settings, as a Lambda
    // is given its environment, without touching process.env (another stack may share it).
    const settings = parseSettings(env);
    ready = settings;

    const issuer = await createIssuer(appUrl, join(options.dataDir, "issuer", "signing-key.json"));
    const web = options.web ? (await import("./web")).viteHandler : undefined;
    const api = await startApiServer({ port: appPort, issuer, web, settings, s3Origin: s3.endpoint });
    stops.push(api.stop);
    // The same handlers Lambda runs: the scan consumer on the queue, the sweeper on a timer.
    const consumers = await startConsumers(
      {
        sqs,
        scanQueueUrl: queues.scanQueueUrl,
        processQueueUrl: queues.processQueueUrl,
        deliveryQueueUrl: queues.deliveryQueueUrl,
        region,
      },
      {
        dynamo: { endpoint: dynamo.endpoint, region, credentials },
        table: names.table,
        checkpointFile: join(options.dataDir, "events", "stream-checkpoint.json"),
      },
      settings,
      options.scan,
    );
    stops.push(consumers.stop);
    log(`app       ${api.url}  (API at /trpc, dev sign-in at /dev/token)`);
    log(`files     ${files.url}  (downloads, signed as CloudFront signs them)`);
    log(`s3        ${s3.endpoint}  (data in ${join(options.dataDir, "s3")})`);
    log(
      `dynamodb  ${dynamo.endpoint}  (${options.persistDynamo ? `data in ${join(options.dataDir, "dynamodb")}` : "in memory"})`,
    );
    log(
      `sqs, sns  ${queues.endpoint}  (scan, processing and webhook delivery queues with dead letters; the security alerts topic; in memory)`,
    );
    log(`clamd     ${clamd.host}:${clamd.port}`);
    log(
      `consumers polling the scan, processing and delivery queues and the table's stream (events); the sweeper every ${(options.scan?.sweepIntervalMs ?? 60_000) / 1000} s`,
    );
    // Each part's stop in `stops` is swapped for its successor's, so stop() stops what runs.
    const replaced = (old: Stoppable, fresh: Stoppable) => {
      stops[stops.indexOf(old.stop)] = fresh.stop;
    };
    const fault: Stack["fault"] = {
      clamd: {
        down: async () => {
          if (options.clamd) throw new Error("clamd was started by the caller: stop it there");
          await clamd.stop();
        },
        up: async () => {
          const old = clamd;
          clamd = await starters.clamd();
          replaced(old, clamd);
        },
      },
      dynamodb: {
        down: () => dynamo.kill(),
        up: async () => {
          const old = dynamo;
          dynamo = await starters.dynamodb();
          replaced(old, dynamo);
        },
      },
      s3: {
        down: () => s3.stop(),
        up: async () => {
          const old = s3;
          s3 = await startS3({ ...s3Options, port: old.port });
          replaced(old, s3);
        },
      },
      queues: {
        down: () => queues.stop(),
        up: async () => {
          const old = queues;
          queues = await starters.queues();
          replaced(old, queues);
        },
      },
    };
    return {
      urls: {
        app: api.url,
        files: files.url,
        s3: s3.endpoint,
        dynamodb: dynamo.endpoint,
        sqs: queues.endpoint,
        clamd: `${clamd.host}:${clamd.port}`,
      },
      env,
      settings,
      run: (fn) => provideSettings(settings, fn),
      issuer,
      queues: {
        scan: queues.scanQueueUrl,
        deadLetter: queues.deadLetterQueueUrl,
        process: queues.processQueueUrl,
        processDeadLetter: queues.processDeadLetterQueueUrl,
        delivery: queues.deliveryQueueUrl,
        deliveryDeadLetter: queues.deliveryDeadLetterQueueUrl,
        alerts: queues.alertsQueueUrl,
      },
      consumers,
      fault,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
