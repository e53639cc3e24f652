// The private key download URLs are signed with, read once per container. On AWS it is an SSM
// SecureString read through the AWS Parameters and Secrets Lambda Extension (no SSM client in
// the bundle); local mode hands its generated key over in process. Never in the environment.
import { createPrivateKey } from "node:crypto";
import { settings } from "../settings";

/** The extension's default port; it answers only inside the Lambda sandbox. */
export const extensionPort = 2773;

const given = new Map<string, string>();
const loaded = new Map<string, Promise<string>>();

/** Local mode: the key for `parameter`, as a Lambda would read it from SSM. */
export function provideKey(parameter: string, pem: string): void {
  createPrivateKey(pem); // a bad key fails here, not on the first download
  given.set(parameter, pem);
}

/** The PEM private key named by `parameter`; a failed read is retried by the next call. */
export function privateKey(parameter: string): Promise<string> {
  const local = given.get(parameter);
  if (local) return Promise.resolve(local);
  let pending = loaded.get(parameter);
  if (!pending) {
    pending = fromParameterStore(parameter);
    pending.catch(() => loaded.delete(parameter));
    loaded.set(parameter, pending);
  }
  return pending;
}

async function fromParameterStore(parameter: string): Promise<string> {
  const token = settings().credentials?.sessionToken;
  if (!token) throw new Error(`no session token to read ${parameter} through the parameters extension`);
  const url = `http://localhost:${extensionPort}/systemsmanager/parameters/get?name=${encodeURIComponent(parameter)}&withDecryption=true`;
  const response = await fetch(url, { headers: { "X-Aws-Parameters-Secrets-Token": token } });
  if (!response.ok) throw new Error(`reading ${parameter}: the parameters extension answered HTTP ${response.status}`);
  const body = (await response.json()) as { Parameter?: { Value?: string } };
  const pem = body.Parameter?.Value;
  if (!pem) throw new Error(`${parameter} has no value`);
  createPrivateKey(pem);
  return pem;
}
