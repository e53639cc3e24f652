// Where the deployment's settings come in. On Lambda they are parsed once from process.env;
// local mode and the benchmarks provide each stack's own settings to the code they run, so
// two stacks in one process never read each other's (and process.env is left alone).
import { AsyncLocalStorage } from "node:async_hooks";
import type { z } from "zod";
import { names as purposeNames, defaults, type Catalogue } from "./purpose";
import { Environment, tunable } from "./settings/variables";

export { environment, tunablesFrom, type Resources, type Tunables } from "./settings/environment";
export { names, tunableNames, type Name, type TunableName } from "./settings/variables";

export type Settings = ReturnType<typeof toSettings>;

/** Validates an environment (process.env, or one built by `environment()`) into settings. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Intake is misconfigured: ${fields}`);
  }
  return toSettings(parsed.data);
}

function toSettings(env: z.infer<typeof Environment>) {
  const purposes = Object.fromEntries(
    purposeNames.map((name) => [name, { ...defaults[name], ...env.INTAKE_PURPOSES[name] }]),
  ) as Catalogue;
  return {
    region: env.AWS_REGION,
    /** Absent: the SDK's default chain. */
    credentials:
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            sessionToken: env.AWS_SESSION_TOKEN,
          }
        : undefined,
    table: env.INTAKE_TABLE,
    buckets: {
      staging: env.INTAKE_STAGING_BUCKET,
      production: env.INTAKE_PRODUCTION_BUCKET,
      quarantine: env.INTAKE_QUARANTINE_BUCKET,
    },
    scanQueueUrl: env.INTAKE_SCAN_QUEUE_URL,
    endpoints: { s3: env.INTAKE_S3_ENDPOINT, dynamodb: env.INTAKE_DYNAMODB_ENDPOINT, sqs: env.INTAKE_SQS_ENDPOINT },
    clamd:
      env.INTAKE_CLAMD_HOST && env.INTAKE_CLAMD_PORT
        ? { host: env.INTAKE_CLAMD_HOST, port: env.INTAKE_CLAMD_PORT }
        : undefined,
    jwt: { issuer: env.INTAKE_JWT_ISSUER, audience: env.INTAKE_JWT_AUDIENCE, jwksUrl: env.INTAKE_JWKS_URL },
    /** Absent (local mode, `sst dev`): requests are not checked for it. */
    originVerifySecret: env.INTAKE_ORIGIN_VERIFY_SECRET,
    multipartThresholdBytes: env.INTAKE_MULTIPART_THRESHOLD_BYTES,
    uploadUrlTtlSeconds: env.INTAKE_UPLOAD_URL_TTL_SECONDS,
    pendingTtlSeconds: env.INTAKE_PENDING_TTL_SECONDS,
    initiatesPerMinute: env.INTAKE_INITIATES_PER_MINUTE,
    /** Retries of a failed-on-a-fault upload, within the staging bucket's 2-day expiry. */
    recovery: { max: env.INTAKE_RECOVERY_MAX, stagingRetentionSeconds: 2 * 24 * 60 * 60 },
    scan: {
      maxReceives: env.INTAKE_SCAN_MAX_RECEIVES,
      visibilityTimeoutSeconds: env.INTAKE_SCAN_VISIBILITY_TIMEOUT_SECONDS,
      timeoutSeconds: env.INTAKE_SCAN_TIMEOUT_SECONDS,
      /** Most files of one owner in clamd at once in this process; 0: no limit (see scan/clamd-turns.ts). */
      clamdPerOwner: env.INTAKE_SCAN_CLAMD_PER_OWNER ?? 0,
      /** Most scans one owner may run at once; 0: no limit (see scan/share.ts). */
      ownerShare: env.INTAKE_SCAN_OWNER_SHARE ?? 0,
    },
    processing: {
      queueUrl: env.INTAKE_PROCESS_QUEUE_URL,
      maxReceives: env.INTAKE_PROCESS_MAX_RECEIVES,
      visibilityTimeoutSeconds: env.INTAKE_PROCESS_VISIBILITY_TIMEOUT_SECONDS,
      timeoutSeconds: env.INTAKE_PROCESS_TIMEOUT_SECONDS,
      memoryMb: env.INTAKE_PROCESS_MEMORY_MB,
      maxPixels: env.INTAKE_PROCESS_MAX_PIXELS,
      zip: {
        maxEntries: env.INTAKE_ZIP_MAX_ENTRIES,
        maxUncompressedBytes: env.INTAKE_ZIP_MAX_UNCOMPRESSED_BYTES,
        maxRatio: env.INTAKE_ZIP_MAX_RATIO,
      },
    },
    fields: { engine: env.INTAKE_FIELDS_ENGINE, unrecognised: env.INTAKE_UNRECOGNISED_INVOICE },
    downloadUrlTtlSeconds: env.INTAKE_DOWNLOAD_URL_TTL_SECONDS,
    previewUrlTtlSeconds: env.INTAKE_PREVIEW_URL_TTL_SECONDS,
    files:
      env.INTAKE_FILES_ORIGIN && env.INTAKE_FILES_KEY_PAIR_ID && env.INTAKE_FILES_PRIVATE_KEY_PARAMETER
        ? {
            origin: env.INTAKE_FILES_ORIGIN.replace(/\/+$/, ""),
            keyPairId: env.INTAKE_FILES_KEY_PAIR_ID,
            privateKeyParameter: env.INTAKE_FILES_PRIVATE_KEY_PARAMETER,
          }
        : undefined,
    productionKmsKeyId: env.INTAKE_PRODUCTION_KMS_KEY_ID,
    events: {
      deliveryQueueUrl: env.INTAKE_DELIVERY_QUEUE_URL,
      alertsTopicArn: env.INTAKE_ALERTS_TOPIC_ARN,
      secretsKeyId: env.INTAKE_WEBHOOK_SECRETS_KEY_ID,
      timeoutSeconds: env.INTAKE_WEBHOOK_TIMEOUT_SECONDS,
      retry: {
        baseSeconds: env.INTAKE_WEBHOOK_RETRY_BASE_SECONDS,
        maxSeconds: env.INTAKE_WEBHOOK_RETRY_MAX_SECONDS,
        maxAttempts: env.INTAKE_WEBHOOK_MAX_ATTEMPTS,
      },
      disableAfterSeconds: env.INTAKE_WEBHOOK_DISABLE_AFTER_SECONDS,
      /** Local mode: endpoints may be http and loopback. */
      allowLoopback: env.INTAKE_WEBHOOK_ALLOW_LOOPBACK,
    },
    logLevel: env.INTAKE_LOG_LEVEL,
    purposes,
  };
}

const provided = new AsyncLocalStorage<Settings>();
let fromProcess: Settings | undefined;

/** The settings of the stack this code runs for: the provided ones, else process.env's (Lambda). */
export function settings(): Settings {
  const given = provided.getStore();
  if (given) return given;
  fromProcess ??= parseSettings(process.env);
  return fromProcess;
}

/** The log level alone, which never throws: logging must work when other settings do not. */
export function logLevel(): Settings["logLevel"] {
  return (
    provided.getStore()?.logLevel ?? tunable.shape.INTAKE_LOG_LEVEL.catch("info").parse(process.env.INTAKE_LOG_LEVEL)
  );
}

/** Runs `fn` (and everything it starts) with `value` as its settings. */
export function provideSettings<T>(value: Settings, fn: () => T): T {
  return provided.run(value, fn);
}

/**
 * One `make(settings)` per distinct `key(settings)`, for things that depend on settings and
 * are costly to make (AWS clients): two stacks in one process each get their own.
 */
export function perSettings<T>(key: (value: Settings) => unknown[], make: (value: Settings) => T): () => T {
  const made = new Map<string, T>();
  return () => {
    const value = settings();
    const id = JSON.stringify(key(value));
    let thing = made.get(id);
    if (thing === undefined) {
      thing = make(value);
      made.set(id, thing);
    }
    return thing;
  };
}
