// The scanner image's own variables (clamd and the signature store), beside core's settings
// which the scan handler reads. Read from process.env on each use, as Lambda sets it.
import { about } from "../../core/src/settings/variables";
import { z } from "zod";

export const ImageEnvironment = z.object({
  INTAKE_SIGNATURES_BUCKET: z
    .string()
    .min(1)
    .optional()
    .register(about, {
      meaning: "The bucket the ClamAV databases are kept in.",
      readers: ["scanner", "updater"],
    }),
  INTAKE_SIGNATURES_PREFIX: z
    .string()
    .default("clamav/")
    .register(about, {
      meaning: "Where in that bucket the databases are.",
      readers: ["scanner", "updater"],
    }),
  INTAKE_CLAMAV_DIR: z
    .string()
    .min(1)
    .default("/tmp/clamav")
    .register(about, {
      meaning: "Where the databases are kept on disk (under /tmp, the one place Lambda lets us write).",
      readers: ["scanner", "updater"],
    }),
  INTAKE_CLAMD_PORT: z.coerce
    .number()
    .int()
    .positive()
    .default(3310)
    .register(about, {
      meaning: "The loopback port clamd is started on.",
      readers: ["scanner"],
    }),
  INTAKE_FRESHCLAM_PRIVATE_MIRROR: z
    .string()
    .min(1)
    .optional()
    .register(about, {
      meaning: "A signature mirror of your own for freshclam (the deploy-time variable, passed on).",
      readers: ["updater"],
    }),
  INTAKE_S3_ENDPOINT: z
    .string()
    .url()
    .optional()
    .register(about, {
      meaning: "An S3 emulator for the signature store (tests only).",
      readers: ["scanner", "updater"],
    }),
});
export type ImageName = keyof typeof ImageEnvironment.shape;

export function imageSettings(env: Record<string, string | undefined> = process.env) {
  const parsed = ImageEnvironment.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`The scanner image is misconfigured: ${fields}`);
  }
  const value = parsed.data;
  return {
    signatures: { bucket: value.INTAKE_SIGNATURES_BUCKET, prefix: value.INTAKE_SIGNATURES_PREFIX },
    databaseDir: value.INTAKE_CLAMAV_DIR,
    clamdPort: value.INTAKE_CLAMD_PORT,
    privateMirror: value.INTAKE_FRESHCLAM_PRIVATE_MIRROR,
    s3Endpoint: value.INTAKE_S3_ENDPOINT,
  };
}

/** What the stacks give the image's functions, beside core's environment for the scanner. */
export function imageEnvironment(image: {
  signatures: { bucket: string; prefix: string };
  privateMirror?: string;
}): Record<string, string> {
  const values = {
    INTAKE_SIGNATURES_BUCKET: image.signatures.bucket,
    INTAKE_SIGNATURES_PREFIX: image.signatures.prefix,
    INTAKE_FRESHCLAM_PRIVATE_MIRROR: image.privateMirror,
  } satisfies Partial<Record<ImageName, string | undefined>>;
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Record<
    string,
    string
  >;
}
