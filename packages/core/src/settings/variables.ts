// Every environment variable the functions (API, scan consumer, sweeper) read, in four groups
// by who sets it, and the ones the stacks read at deploy time. The names, the tunables, the
// stacks' environment and docs/settings.md all come from here.
import { z } from "zod";
import { hardMaxSizeBytes, names as purposeNames } from "../purpose";

/** Who reads a variable: the four functions, the signature updater, or `sst` at deploy time. */
export type Reader = "api" | "scanner" | "processor" | "sweeper" | "dispatcher" | "sender" | "updater" | "deploy";
export interface About {
  /** One line: what the value means. */
  meaning: string;
  readers: readonly Reader[];
}
/** What docs/settings.md says about each variable. */
export const about = z.registry<About>();

const all: Reader[] = ["api", "scanner", "processor", "sweeper"];
const MiB = 1024 * 1024;
// Functions, not shared instances: the registry keeps one entry per schema object.
const name = () => z.string().min(1);
const url = () => z.string().url();
const count = () => z.coerce.number().int().positive();
/** A most-at-once limit: unset or 0 is none. */
const limit = () => z.coerce.number().int().min(0).optional();

const PurposeOverrides = z
  .partialRecord(
    z.enum(purposeNames),
    z.object({ maxSizeBytes: z.number().int().positive().max(hardMaxSizeBytes) }).partial(),
  )
  .default({});

/** Set by the Lambda runtime on AWS; local mode sets them for its emulators. */
export const runtime = z.object({
  AWS_REGION: z.string().default("us-east-1").register(about, { meaning: "The AWS region.", readers: all }),
  AWS_ACCESS_KEY_ID: name().optional().register(about, {
    meaning: "Credentials for the AWS SDK: the function's role on AWS, the emulators' locally.",
    readers: all,
  }),
  AWS_SECRET_ACCESS_KEY: name()
    .optional()
    .register(about, { meaning: "The secret of `AWS_ACCESS_KEY_ID`.", readers: all }),
  AWS_SESSION_TOKEN: name()
    .optional()
    .register(about, { meaning: "The session token of temporary credentials (set on AWS only).", readers: all }),
});

/** Wired by the stacks from the resources they create. */
export const wired = z.object({
  INTAKE_TABLE: name().register(about, { meaning: "The DynamoDB table.", readers: all }),
  INTAKE_STAGING_BUCKET: name().register(about, { meaning: "The bucket browsers upload to.", readers: all }),
  INTAKE_PRODUCTION_BUCKET: name().register(about, {
    meaning: "The bucket clean files are moved to and downloaded from.",
    readers: ["api", "scanner"],
  }),
  INTAKE_QUARANTINE_BUCKET: name().register(about, {
    meaning: "The bucket infected and refused files are moved to.",
    readers: ["scanner"],
  }),
  INTAKE_SCAN_QUEUE_URL: name()
    .optional()
    .register(about, {
      meaning:
        "The scan queue; the sweeper re-queues stuck uploads on it, the scanner puts back files past their uploader's share.",
      readers: ["api", "scanner", "sweeper"],
    }),
  INTAKE_SCAN_MAX_RECEIVES: count()
    .default(5)
    .register(about, {
      meaning: "Receives of a scan message before the queue dead-letters it (the queue's maxReceiveCount).",
      readers: ["scanner"],
    }),
  INTAKE_SCAN_VISIBILITY_TIMEOUT_SECONDS: count()
    .default(30 * 60)
    .register(about, {
      meaning: "The scan queue's visibility timeout: an upload unchanged for longer is stuck.",
      readers: ["sweeper"],
    }),
  INTAKE_PROCESS_QUEUE_URL: name()
    .optional()
    .register(about, {
      meaning: "The processing queue: the scanner queues clean files on it, the sweeper stuck ones.",
      readers: ["scanner", "processor", "sweeper"],
    }),
  INTAKE_PROCESS_MAX_RECEIVES: count()
    .default(5)
    .register(about, {
      meaning: "Receives of a processing message before the queue dead-letters it (the queue's maxReceiveCount).",
      readers: ["processor"],
    }),
  INTAKE_PROCESS_VISIBILITY_TIMEOUT_SECONDS: count()
    .default(6 * 60)
    .register(about, {
      meaning: "The processing queue's visibility timeout: an upload processing for longer is stuck.",
      readers: ["sweeper"],
    }),
  INTAKE_PRODUCTION_KMS_KEY_ID: name()
    .optional()
    .register(about, {
      meaning: "The production bucket's KMS key; without it copies ask for SSE-S3.",
      readers: ["scanner", "processor"],
    }),
  INTAKE_FILES_ORIGIN: url()
    .optional()
    .register(about, {
      meaning:
        "The files origin downloads are served from (CloudFront's domain on AWS), e.g. `https://files.example.com`.",
      readers: ["api"],
    }),
  INTAKE_FILES_KEY_PAIR_ID: name()
    .optional()
    .register(about, {
      meaning: "The id of the public key (in the files origin's key group) download URLs are signed for.",
      readers: ["api"],
    }),
  INTAKE_FILES_PRIVATE_KEY_PARAMETER: name()
    .optional()
    .register(about, {
      meaning: "The SSM SecureString parameter holding that key pair's private key (PEM); read once per container.",
      readers: ["api"],
    }),
  INTAKE_CLAMD_HOST: z
    .string()
    .optional()
    .register(about, { meaning: "clamd's host (loopback in the scanner image).", readers: ["scanner"] }),
  INTAKE_CLAMD_PORT: count()
    .optional()
    .register(about, { meaning: "clamd's TCP port.", readers: ["scanner"] }),
  INTAKE_JWT_ISSUER: name().register(about, {
    meaning: "The issuer whose tokens the API accepts (the Cognito user pool, or the local issuer).",
    readers: all,
  }),
  INTAKE_JWT_AUDIENCE: name()
    .optional()
    .register(about, { meaning: "The audience (app client id) tokens must carry.", readers: ["api"] }),
  INTAKE_JWKS_URL: url().register(about, { meaning: "Where the issuer's signing keys are published.", readers: all }),
  INTAKE_DELIVERY_QUEUE_URL: name()
    .optional()
    .register(about, {
      meaning: "The webhook delivery queue: the dispatcher queues one message per endpoint and event on it.",
      readers: ["api", "dispatcher", "sender"],
    }),
  INTAKE_ALERTS_TOPIC_ARN: name()
    .optional()
    .register(about, {
      meaning: "The SNS topic security alerts (quarantines, disabled endpoints) are published to.",
      readers: ["dispatcher", "sender"],
    }),
  INTAKE_WEBHOOK_SECRETS_KEY_ID: name()
    .optional()
    .register(about, {
      meaning:
        "The KMS key endpoint secrets are encrypted with; `local:<file>` in local mode (AES-256-GCM with the stack's key).",
      readers: ["api", "sender"],
    }),
  INTAKE_ORIGIN_VERIFY_SECRET: name()
    .optional()
    .register(about, {
      meaning: "The value CloudFront puts in `x-origin-verify`; when set the API refuses requests without it.",
      readers: ["api"],
    }),
});

/** Deployment tuning: the defaults hold unless set at synth time (e.g. in .env.prod). */
export const tunable = z.object({
  INTAKE_PURPOSES: z
    .string()
    .optional()
    .transform((json) => PurposeOverrides.parse(json ? JSON.parse(json) : {}))
    .register(about, {
      meaning: 'Per-purpose overrides as JSON, e.g. `{"book":{"maxSizeBytes":104857600}}`.',
      readers: ["api", "scanner"],
    }),
  INTAKE_MULTIPART_THRESHOLD_BYTES: count()
    .default(16 * MiB)
    .register(about, { meaning: "Files this size or larger are uploaded in parts.", readers: ["api"] }),
  INTAKE_UPLOAD_URL_TTL_SECONDS: count()
    .default(15 * 60)
    .register(about, { meaning: "How long a presigned upload URL (or part URL) is valid.", readers: ["api"] }),
  INTAKE_PENDING_TTL_SECONDS: count()
    .default(24 * 60 * 60)
    .register(about, {
      meaning: "How long an upload may stay pending before the sweeper expires it.",
      readers: ["api", "sweeper"],
    }),
  INTAKE_INITIATES_PER_MINUTE: count()
    .default(10)
    .register(about, { meaning: "Uploads one user may start per minute.", readers: ["api"] }),
  INTAKE_DOWNLOAD_URL_TTL_SECONDS: count()
    .default(24 * 60 * 60)
    .register(about, { meaning: "How long a signed download URL for a ready file is valid.", readers: ["api"] }),
  INTAKE_PREVIEW_URL_TTL_SECONDS: count()
    .default(5 * 60)
    .register(about, { meaning: "How long an admin's signed URL for a file in review is valid.", readers: ["api"] }),
  INTAKE_SCAN_TIMEOUT_SECONDS: count()
    .default(240)
    .register(about, {
      meaning: "Longest one clamd scan may take before it counts as a fault (below the scanner's Lambda timeout).",
      readers: ["scanner"],
    }),
  INTAKE_SCAN_OWNER_SHARE: limit().register(about, {
    meaning:
      "Most scans one uploader may run at once across the whole scanner (a lease per upload in the table); unset or 0: no limit. The stacks set it on AWS; local mode shares by the poller's slots and turns at clamd.",
    readers: ["scanner"],
  }),
  INTAKE_SCAN_CLAMD_PER_OWNER: limit().register(about, {
    meaning:
      "Most files of one uploader clamd reads at once in one scanner process, so one user's zip bombs leave cores to the others; unset or 0: no limit. Local mode sets it to the cores less one; on AWS the lease above shares the scanner.",
    readers: ["scanner"],
  }),
  INTAKE_RECOVERY_MAX: count()
    .default(3)
    .register(about, {
      meaning:
        "Times a failed-on-a-fault upload is tried again (by the sweeper once the stage is healthy, or an admin) before it stays failed.",
      readers: ["api", "sweeper"],
    }),
  INTAKE_PROCESS_TIMEOUT_SECONDS: count()
    .default(60)
    .register(about, {
      meaning:
        "Longest one file's processing (decode, parse, re-encode) may take before its worker is killed and the record retried.",
      readers: ["processor"],
    }),
  INTAKE_PROCESS_MEMORY_MB: count()
    .default(512)
    .register(about, {
      meaning: "Heap limit of the worker that parses one document; a file that needs more is malformed.",
      readers: ["processor"],
    }),
  INTAKE_PROCESS_MAX_PIXELS: count()
    .default(100_000_000)
    .register(about, {
      meaning: "Largest image (width × height) processing decodes; larger is a decompression bomb (MALFORMED).",
      readers: ["processor"],
    }),
  INTAKE_FIELDS_ENGINE: z
    .enum(["local", "textract"])
    .default("local")
    .register(about, {
      meaning:
        "What reads invoice and receipt fields: `local` (the PDF's text layer, OCR for images) or `textract` (Amazon Textract AnalyzeExpense).",
      readers: ["processor"],
    }),
  INTAKE_UNRECOGNISED_INVOICE: z
    .enum(["review", "accept"])
    .default("accept")
    .register(about, {
      meaning:
        "What follows when an invoice or receipt does not look like one (not two of number, date, total): `accept` (ready, shown as not recognised) or `review` (in_review for an admin).",
      readers: ["processor"],
    }),
  INTAKE_ZIP_MAX_ENTRIES: count()
    .default(10_000)
    .register(about, { meaning: "Most entries an ePub may hold.", readers: ["processor"] }),
  INTAKE_ZIP_MAX_UNCOMPRESSED_BYTES: count()
    .default(512 * MiB)
    .register(about, { meaning: "Most bytes an ePub may inflate to, all entries together.", readers: ["processor"] }),
  INTAKE_ZIP_MAX_RATIO: count()
    .default(100)
    .register(about, {
      meaning: "Highest inflated-to-stored ratio of an ePub entry; above it the file is a zip bomb (MALFORMED).",
      readers: ["processor"],
    }),
  INTAKE_WEBHOOK_TIMEOUT_SECONDS: count()
    .default(10)
    .register(about, {
      meaning: "Longest a webhook receiver may take to answer; later counts as a failed attempt.",
      readers: ["sender"],
    }),
  INTAKE_WEBHOOK_RETRY_BASE_SECONDS: count()
    .default(30)
    .register(about, {
      meaning:
        "The first retry's longest wait; each later wait doubles, drawn at random above the one before, up to the maximum.",
      readers: ["sender"],
    }),
  INTAKE_WEBHOOK_RETRY_MAX_SECONDS: count()
    .default(4 * 60 * 60)
    .register(about, { meaning: "The longest wait between two attempts of one delivery.", readers: ["sender"] }),
  INTAKE_WEBHOOK_MAX_ATTEMPTS: count()
    .default(21)
    .register(about, {
      meaning: "Attempts of one delivery before it is failed (the default schedule spans more than 24 h).",
      readers: ["sender"],
    }),
  INTAKE_WEBHOOK_DISABLE_AFTER_SECONDS: count()
    .default(3 * 24 * 60 * 60)
    .register(about, {
      meaning: "An endpoint whose deliveries have all failed for this long is disabled, with an alert.",
      readers: ["sender"],
    }),
  INTAKE_LOG_LEVEL: z
    .enum(["info", "warn", "error"])
    .default("info")
    .register(about, { meaning: "Log lines below this level are dropped.", readers: all }),
});

/** Local mode only: the emulators' endpoints. Unset on AWS. */
export const local = z.object({
  INTAKE_S3_ENDPOINT: url().optional().register(about, { meaning: "The S3 emulator.", readers: all }),
  INTAKE_DYNAMODB_ENDPOINT: url().optional().register(about, { meaning: "The DynamoDB emulator.", readers: all }),
  INTAKE_SQS_ENDPOINT: url()
    .optional()
    .register(about, { meaning: "The SQS emulator.", readers: ["api", "scanner", "sweeper"] }),
  INTAKE_WEBHOOK_ALLOW_LOOPBACK: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true")
    .register(about, {
      meaning: "Local mode only: webhook endpoints may be http and loopback addresses.",
      readers: ["api", "sender"],
    }),
});

export const Environment = z.object({ ...runtime.shape, ...wired.shape, ...tunable.shape, ...local.shape });
export type Name = keyof typeof Environment.shape;
export type TunableName = keyof typeof tunable.shape;
export type WiredName = keyof typeof wired.shape;
export type LocalName = keyof typeof local.shape;
export type RuntimeName = keyof typeof runtime.shape;

export const names = Object.keys(Environment.shape) as Name[];
export const tunableNames = Object.keys(tunable.shape) as TunableName[];

const optionalText = () =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined);

/** Read by the stacks when `sst` synthesises the app, never by a function. */
export const deploy = z.object({
  INTAKE_SITE_ORIGIN: optionalText().register(about, {
    meaning:
      "Required: the SPA's origin (e.g. `https://intake.example.com`); CORS and Cognito's redirects allow exactly this.",
    readers: ["deploy"],
  }),
  INTAKE_SITE_CERTIFICATE_ARN: optionalText().register(about, {
    meaning: "An ACM certificate (us-east-1) for the origin's host: CloudFront then answers on it.",
    readers: ["deploy"],
  }),
  INTAKE_AUTH_DOMAIN_PREFIX: optionalText().register(about, {
    meaning: "The Cognito hosted UI's prefix; default `intake-<stage>-<hash of account and region>`.",
    readers: ["deploy"],
  }),
  INTAKE_ALERT_EMAIL: optionalText().register(about, {
    meaning: "Subscribed to the alerts topic (dead letters in the scan queue).",
    readers: ["deploy"],
  }),
  INTAKE_SECURITY_ALERT_EMAIL: optionalText().register(about, {
    meaning: "Subscribed to the security alerts topic (every quarantine).",
    readers: ["deploy"],
  }),
  INTAKE_FRESHCLAM_PRIVATE_MIRROR: optionalText().register(about, {
    meaning: "A ClamAV signature mirror of your own, for when ClamAV's CDN refuses the account's addresses.",
    readers: ["deploy"],
  }),
  INTAKE_FILES_PUBLIC_KEY_PEM: optionalText().register(about, {
    meaning:
      "Required: the public half (PEM) of the key pair that signs download URLs; the private half goes in SSM (docs/deploy.md).",
    readers: ["deploy"],
  }),
  INTAKE_FILES_DOMAIN: optionalText().register(about, {
    meaning:
      "The files origin's host (e.g. `files.intake.example.com`); default the distribution's cloudfront.net name.",
    readers: ["deploy"],
  }),
  INTAKE_FILES_CERTIFICATE_ARN: optionalText().register(about, {
    meaning: "An ACM certificate (us-east-1) for `INTAKE_FILES_DOMAIN`; required with it.",
    readers: ["deploy"],
  }),
  INTAKE_REPLICA_REGION: z
    .string()
    .trim()
    .min(1)
    .default("us-west-2")
    .register(about, { meaning: "The region production files are replicated to.", readers: ["deploy"] }),
  INTAKE_NONCURRENT_RETENTION_DAYS: count()
    .default(30)
    .register(about, {
      meaning: "Days a replaced or deleted production file's old version is kept (and its replica's).",
      readers: ["deploy"],
    }),
  INTAKE_QUARANTINE_RETENTION_DAYS: count()
    .default(90)
    .register(about, { meaning: "Days quarantined files are kept for forensics.", readers: ["deploy"] }),
  INTAKE_AUDIT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(0)
    .default(90)
    .register(about, {
      meaning: "Days each access log is locked (Object Lock, governance mode) against deletion; 0: no default lock.",
      readers: ["deploy"],
    }),
  INTAKE_WAF_RATE_LIMIT: count()
    .default(1000)
    .register(about, {
      meaning: "Requests one IP address may make in 5 minutes to either distribution before WAF blocks it.",
      readers: ["deploy"],
    }),
  INTAKE_CLOUDFRONT_WEB_ACL_ARN: optionalText().register(about, {
    meaning: "Outside us-east-1: a WAF web ACL (scope CLOUDFRONT, made in us-east-1) for both distributions.",
    readers: ["deploy"],
  }),
});
export type DeployName = keyof typeof deploy.shape;
