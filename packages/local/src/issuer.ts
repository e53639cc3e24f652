// The local token issuer: an RS256 key, its JWKS, and tokens shaped like Cognito ID tokens.
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export const localAudience = "intake-local";

export interface TokenClaims {
  sub: string;
  email?: string;
  groups?: string[];
}

export interface Issuer {
  issuer: string;
  jwks: { keys: JWK[] };
  /** The private key, for tests that must sign an expired token with the real key. */
  privateJwk: JWK;
  issue(claims: TokenClaims, options?: { expiresInSeconds?: number }): Promise<string>;
}

async function loadOrCreateKey(keyFile: string | undefined): Promise<JWK> {
  if (keyFile && existsSync(keyFile)) return JSON.parse(await readFile(keyFile, "utf8")) as JWK;
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now().toString(36)}`, alg: "RS256", use: "sig" };
  if (keyFile) {
    await mkdir(dirname(keyFile), { recursive: true });
    await writeFile(keyFile, JSON.stringify(jwk), { mode: 0o600 });
  }
  return jwk;
}

/** `keyFile` keeps the key across restarts (tokens stay valid); without it the key lives in memory. */
export async function createIssuer(issuer: string, keyFile?: string): Promise<Issuer> {
  const privateJwk = await loadOrCreateKey(keyFile);
  const { d, p, q, dp, dq, qi, ...publicJwk } = privateJwk;
  const key = await importJWK(privateJwk, "RS256");
  return {
    issuer,
    jwks: { keys: [publicJwk] },
    privateJwk,
    issue: (claims, options = {}) =>
      new SignJWT({ email: claims.email, "cognito:groups": claims.groups ?? [], token_use: "id" })
        .setProtectedHeader({ alg: "RS256", kid: privateJwk.kid })
        .setIssuer(issuer)
        .setAudience(localAudience)
        .setSubject(claims.sub)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + (options.expiresInSeconds ?? 3600))
        .sign(key),
  };
}
