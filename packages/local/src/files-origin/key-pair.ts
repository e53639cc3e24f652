// The local stand-in for the files origin's key group: one RSA key pair, kept under .data/
// like the issuer's key (never served). The private key goes to the API in process; the
// public key to the files origin.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export interface FilesKeyPair {
  /** Shaped like a CloudFront public key id: K and 13 upper-case letters or digits. */
  keyPairId: string;
  privateKeyPem: string;
  publicKey: KeyObject;
}

export function keyPairFromPem(privateKeyPem: string): FilesKeyPair {
  const publicKey = createPublicKey(createPrivateKey(privateKeyPem));
  const der = publicKey.export({ type: "spki", format: "der" });
  const id = BigInt(`0x${createHash("sha256").update(der).digest("hex")}`)
    .toString(36)
    .toUpperCase()
    .slice(0, 13);
  return { keyPairId: `K${id}`, privateKeyPem, publicKey };
}

export function newKeyPair(): FilesKeyPair {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return keyPairFromPem(privateKey.export({ type: "pkcs8", format: "pem" }).toString());
}

/** The key pair in `file`, made (mode 0600) when there is none yet. */
export async function loadOrCreateKeyPair(file: string): Promise<FilesKeyPair> {
  if (existsSync(file)) return keyPairFromPem(await readFile(file, "utf8"));
  const pair = newKeyPair();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, pair.privateKeyPem, { mode: 0o600 });
  return pair;
}
