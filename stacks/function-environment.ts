// The environment every Intake function gets: what packages/core/src/settings.ts reads.
// Plain variables rather than SST `bind`: binding would also grant s3:*, dynamodb:* and
// sqs:* on each bound resource.
import type { Auth } from "./Auth";
import { optional } from "./settings";
import { scanMaxReceives, scanVisibilityTimeout, type Storage } from "./Storage";

/** Deployment tuning passed through when set at synth time (e.g. in .env.prod). */
const tunables = [
  "INTAKE_PURPOSES",
  "INTAKE_MULTIPART_THRESHOLD_BYTES",
  "INTAKE_UPLOAD_URL_TTL_SECONDS",
  "INTAKE_PENDING_TTL_SECONDS",
  "INTAKE_INITIATES_PER_MINUTE",
  "INTAKE_DOWNLOAD_URL_TTL_SECONDS",
];

export function functionEnvironment(storage: ReturnType<typeof Storage>, auth: ReturnType<typeof Auth>) {
  const tuned = tunables.flatMap((name) => {
    const value = optional(name);
    return value ? [[name, value] as const] : [];
  });
  return {
    INTAKE_TABLE: storage.table.tableName,
    INTAKE_STAGING_BUCKET: storage.staging.bucketName,
    INTAKE_PRODUCTION_BUCKET: storage.production.bucketName,
    INTAKE_QUARANTINE_BUCKET: storage.quarantine.bucketName,
    INTAKE_SCAN_QUEUE_URL: storage.scanQueue.queueUrl,
    INTAKE_SCAN_MAX_RECEIVES: String(scanMaxReceives),
    INTAKE_SCAN_VISIBILITY_TIMEOUT_SECONDS: String(scanVisibilityTimeout.toSeconds()),
    INTAKE_PRODUCTION_KMS_KEY_ID: storage.productionKey.keyArn,
    INTAKE_JWT_ISSUER: auth.issuer,
    INTAKE_JWT_AUDIENCE: auth.clientId,
    INTAKE_JWKS_URL: auth.jwksUrl,
    ...Object.fromEntries(tuned),
  };
}
