// Endpoint secrets: made here, shown once, stored encrypted. On AWS with KMS (the key in
// INTAKE_WEBHOOK_SECRETS_KEY_ID); locally (`local:<file>`) with AES-256-GCM and a key file the
// stack keeps beside its data, created on first use.
import { DecryptCommand, EncryptCommand, KMSClient } from "@aws-sdk/client-kms";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { perSettings, settings } from "../settings";

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64. */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

const kms = perSettings(
  (value) => [value.region, value.credentials?.accessKeyId],
  ({ region, credentials }) => new KMSClient({ region, credentials }),
);

function keyId(): string {
  const id = settings().events.secretsKeyId;
  if (!id) throw new Error("INTAKE_WEBHOOK_SECRETS_KEY_ID is not set: endpoint secrets cannot be stored");
  return id;
}

export async function encrypt(secret: string): Promise<string> {
  const id = keyId();
  if (id.startsWith("local:")) {
    const key = await localKey(id.slice("local:".length));
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
    return `local:${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64")}`;
  }
  const { CiphertextBlob } = await kms().send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from(secret) }));
  if (!CiphertextBlob) throw new Error("KMS returned no ciphertext");
  return `kms:${Buffer.from(CiphertextBlob).toString("base64")}`;
}

/** Decrypted secrets, kept per container: KMS is asked once per stored secret. */
const opened = new Map<string, string>();

export async function decrypt(stored: string): Promise<string> {
  const known = opened.get(stored);
  if (known) return known;
  const secret = await open(stored);
  if (opened.size > 1000) opened.clear();
  opened.set(stored, secret);
  return secret;
}

async function open(stored: string): Promise<string> {
  const [scheme, data = ""] = stored.split(":", 2);
  const bytes = Buffer.from(data, "base64");
  if (scheme === "local") {
    const key = await localKey(keyId().slice("local:".length));
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  }
  if (scheme !== "kms") throw new Error("an endpoint secret in an unknown form");
  const { Plaintext } = await kms().send(new DecryptCommand({ CiphertextBlob: bytes }));
  if (!Plaintext) throw new Error("KMS returned no plaintext");
  return Buffer.from(Plaintext).toString("utf8");
}

const localKeys = new Map<string, Promise<Buffer>>();

function localKey(file: string): Promise<Buffer> {
  let key = localKeys.get(file);
  if (!key) {
    key = loadOrCreate(file);
    localKeys.set(file, key);
  }
  return key;
}

async function loadOrCreate(file: string): Promise<Buffer> {
  try {
    return Buffer.from((await readFile(file, "utf8")).trim(), "base64");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const key = randomBytes(32);
  await mkdir(dirname(file), { recursive: true });
  // `wx`: two processes starting together keep the first one's key.
  await writeFile(file, key.toString("base64"), { mode: 0o600, flag: "wx" }).catch(async (error) => {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  });
  return Buffer.from((await readFile(file, "utf8")).trim(), "base64");
}
