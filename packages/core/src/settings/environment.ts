// The environment a function is given: built from the resources a stack made (or local mode
// started) and the deployment's tunables. The stacks, the local stack and the benchmarks all
// use this one builder, so no list of names is written anywhere else.
import { tunable, tunableNames, type LocalName, type RuntimeName, type TunableName, type WiredName } from "./variables";

export interface Resources {
  table: string;
  buckets: { staging: string; production: string; quarantine: string };
  scanQueueUrl?: string;
  /** The scan queue's own limits, which the consumer and the sweeper must agree with. */
  scan?: { maxReceives: number; visibilityTimeoutSeconds: number };
  processQueueUrl?: string;
  /** The processing queue's own limits, which the consumer and the sweeper must agree with. */
  processing?: { maxReceives: number; visibilityTimeoutSeconds: number };
  productionKmsKeyId?: string;
  /** Events out: the delivery queue, the alerts topic, the key endpoint secrets are encrypted with. */
  events?: { deliveryQueueUrl: string; alertsTopicArn?: string; secretsKeyId?: string };
  jwt: { issuer: string; audience?: string; jwksUrl: string };
  /** Where downloads are served from, and the key pair their URLs are signed with (the private key's parameter, never the key). */
  files?: { origin: string; keyPairId: string; privateKeyParameter: string };
  /** The API only, on AWS: the secret header CloudFront adds to every request it forwards. */
  originVerifySecret?: string;
  /** Only where clamd runs beside the function (the scanner image, local mode). */
  clamd?: { host: string; port: number };
  /** Local mode: the emulators, their region and credentials. Absent on AWS, where the runtime sets the region. */
  local?: {
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    endpoints: { s3: string; dynamodb: string; sqs?: string };
    /** Webhook endpoints may be http and loopback. */
    allowLoopback?: boolean;
  };
}

/** Tunables as environment values: only the ones set, each already valid. */
export type Tunables = Partial<Record<TunableName, string>>;

export function environment(resources: Resources, tunables: Tunables = {}): Record<string, string> {
  const { buckets, jwt, scan, processing, clamd, local } = resources;
  // Every wired, local and runtime variable is named here: a new one fails the type check until it is.
  const wiredValues = {
    INTAKE_TABLE: resources.table,
    INTAKE_STAGING_BUCKET: buckets.staging,
    INTAKE_PRODUCTION_BUCKET: buckets.production,
    INTAKE_QUARANTINE_BUCKET: buckets.quarantine,
    INTAKE_SCAN_QUEUE_URL: resources.scanQueueUrl,
    INTAKE_SCAN_MAX_RECEIVES: scan && String(scan.maxReceives),
    INTAKE_SCAN_VISIBILITY_TIMEOUT_SECONDS: scan && String(scan.visibilityTimeoutSeconds),
    INTAKE_PROCESS_QUEUE_URL: resources.processQueueUrl,
    INTAKE_PROCESS_MAX_RECEIVES: processing && String(processing.maxReceives),
    INTAKE_PROCESS_VISIBILITY_TIMEOUT_SECONDS: processing && String(processing.visibilityTimeoutSeconds),
    INTAKE_PRODUCTION_KMS_KEY_ID: resources.productionKmsKeyId,
    INTAKE_DELIVERY_QUEUE_URL: resources.events?.deliveryQueueUrl,
    INTAKE_ALERTS_TOPIC_ARN: resources.events?.alertsTopicArn,
    INTAKE_WEBHOOK_SECRETS_KEY_ID: resources.events?.secretsKeyId,
    INTAKE_FILES_ORIGIN: resources.files?.origin,
    INTAKE_FILES_KEY_PAIR_ID: resources.files?.keyPairId,
    INTAKE_FILES_PRIVATE_KEY_PARAMETER: resources.files?.privateKeyParameter,
    INTAKE_CLAMD_HOST: clamd?.host,
    INTAKE_CLAMD_PORT: clamd && String(clamd.port),
    INTAKE_JWT_ISSUER: jwt.issuer,
    INTAKE_JWT_AUDIENCE: jwt.audience,
    INTAKE_JWKS_URL: jwt.jwksUrl,
    INTAKE_ORIGIN_VERIFY_SECRET: resources.originVerifySecret,
    INTAKE_S3_ENDPOINT: local?.endpoints.s3,
    INTAKE_DYNAMODB_ENDPOINT: local?.endpoints.dynamodb,
    INTAKE_SQS_ENDPOINT: local?.endpoints.sqs,
    INTAKE_WEBHOOK_ALLOW_LOOPBACK: local?.allowLoopback ? "true" : undefined,
    AWS_REGION: local?.region,
    AWS_ACCESS_KEY_ID: local?.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: local?.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
  } satisfies Record<WiredName | LocalName | RuntimeName, string | undefined>;
  const set = Object.entries({ ...wiredValues, ...validTunables(tunables) }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(set) as Record<string, string>;
}

/**
 * The tunables set in `env` (e.g. process.env at synth time), each checked against its
 * schema so a bad value fails where it was set rather than in a function at run time.
 */
export function tunablesFrom(env: Record<string, string | undefined>): Tunables {
  const set = tunableNames.flatMap((name) => {
    const value = env[name]?.trim();
    return value ? [[name, value] as const] : [];
  });
  return validTunables(Object.fromEntries(set));
}

function validTunables(tunables: Tunables): Tunables {
  const problems = tunableNames.flatMap((name) => {
    const value = tunables[name];
    if (value === undefined) return [];
    try {
      const checked = tunable.shape[name].safeParse(value);
      return checked.success ? [] : [`${name}: ${checked.error.issues.map((i) => i.message).join(", ")}`];
    } catch (error) {
      return [`${name}: ${(error as Error).message}`]; // INTAKE_PURPOSES that is not JSON
    }
  });
  if (problems.length > 0) throw new Error(`Invalid Intake settings: ${problems.join("; ")}`);
  return tunables;
}
