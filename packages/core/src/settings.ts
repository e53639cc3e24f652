// Where the deployment's settings come in: read once from the environment, validated.
import { z } from "zod";
import { defaults, hardMaxSizeBytes, names, type Catalogue } from "./purpose";

const MiB = 1024 * 1024;
const optionalUrl = z.string().url().optional();
const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const PurposeOverrides = z
  .partialRecord(z.enum(names), z.object({ maxSizeBytes: z.number().int().positive().max(hardMaxSizeBytes) }).partial())
  .default({});

const Schema = z.object({
  AWS_REGION: z.string().default("us-east-1"),
  INTAKE_TABLE: z.string().min(1),
  INTAKE_STAGING_BUCKET: z.string().min(1),
  INTAKE_PRODUCTION_BUCKET: z.string().min(1),
  INTAKE_QUARANTINE_BUCKET: z.string().min(1),
  INTAKE_SCAN_QUEUE_URL: z.string().min(1).optional(),
  /** Local emulators; unset on AWS. */
  INTAKE_S3_ENDPOINT: optionalUrl,
  INTAKE_DYNAMODB_ENDPOINT: optionalUrl,
  INTAKE_SQS_ENDPOINT: optionalUrl,
  INTAKE_CLAMD_HOST: z.string().optional(),
  INTAKE_CLAMD_PORT: z.coerce.number().int().positive().optional(),
  INTAKE_JWT_ISSUER: z.string().min(1),
  INTAKE_JWT_AUDIENCE: z.string().min(1).optional(),
  INTAKE_JWKS_URL: z.string().url(),
  INTAKE_MULTIPART_THRESHOLD_BYTES: z.coerce.number().int().positive().default(16 * MiB),
  INTAKE_UPLOAD_URL_TTL_SECONDS: seconds(15 * 60),
  INTAKE_PENDING_TTL_SECONDS: seconds(24 * 60 * 60),
  INTAKE_INITIATES_PER_MINUTE: seconds(10),
  /** Receives of a scan message before the queue dead-letters it (the queue's maxReceiveCount). */
  INTAKE_SCAN_MAX_RECEIVES: z.coerce.number().int().positive().default(5),
  /** The scan queue's visibility timeout: an upload unchanged for longer is stuck. */
  INTAKE_SCAN_VISIBILITY_TIMEOUT_SECONDS: seconds(30 * 60),
  /** Longest one clamd scan may take before it counts as a fault. */
  INTAKE_SCAN_TIMEOUT_SECONDS: seconds(240),
  INTAKE_DOWNLOAD_URL_TTL_SECONDS: seconds(5 * 60),
  /** The production bucket's KMS key; without it copies ask for SSE-S3. */
  INTAKE_PRODUCTION_KMS_KEY_ID: z.string().min(1).optional(),
  INTAKE_PURPOSES: z
    .string()
    .optional()
    .transform((json) => PurposeOverrides.parse(json ? JSON.parse(json) : {})),
});

export type Settings = ReturnType<typeof toSettings>;

function toSettings(env: z.infer<typeof Schema>) {
  const purposes = Object.fromEntries(
    names.map((name) => [name, { ...defaults[name], ...env.INTAKE_PURPOSES[name] }]),
  ) as Catalogue;
  return {
    region: env.AWS_REGION,
    table: env.INTAKE_TABLE,
    buckets: {
      staging: env.INTAKE_STAGING_BUCKET,
      production: env.INTAKE_PRODUCTION_BUCKET,
      quarantine: env.INTAKE_QUARANTINE_BUCKET,
    },
    scanQueueUrl: env.INTAKE_SCAN_QUEUE_URL,
    endpoints: { s3: env.INTAKE_S3_ENDPOINT, dynamodb: env.INTAKE_DYNAMODB_ENDPOINT, sqs: env.INTAKE_SQS_ENDPOINT },
    clamd: env.INTAKE_CLAMD_HOST && env.INTAKE_CLAMD_PORT ? { host: env.INTAKE_CLAMD_HOST, port: env.INTAKE_CLAMD_PORT } : undefined,
    jwt: { issuer: env.INTAKE_JWT_ISSUER, audience: env.INTAKE_JWT_AUDIENCE, jwksUrl: env.INTAKE_JWKS_URL },
    multipartThresholdBytes: env.INTAKE_MULTIPART_THRESHOLD_BYTES,
    uploadUrlTtlSeconds: env.INTAKE_UPLOAD_URL_TTL_SECONDS,
    pendingTtlSeconds: env.INTAKE_PENDING_TTL_SECONDS,
    initiatesPerMinute: env.INTAKE_INITIATES_PER_MINUTE,
    scan: {
      maxReceives: env.INTAKE_SCAN_MAX_RECEIVES,
      visibilityTimeoutSeconds: env.INTAKE_SCAN_VISIBILITY_TIMEOUT_SECONDS,
      timeoutSeconds: env.INTAKE_SCAN_TIMEOUT_SECONDS,
    },
    downloadUrlTtlSeconds: env.INTAKE_DOWNLOAD_URL_TTL_SECONDS,
    productionKmsKeyId: env.INTAKE_PRODUCTION_KMS_KEY_ID,
    purposes,
  };
}

let cached: Settings | undefined;

export function settings(): Settings {
  if (!cached) {
    const parsed = Schema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Intake is misconfigured: ${fields}`);
    }
    cached = toSettings(parsed.data);
  }
  return cached;
}
