// Bearer JWTs from the configured issuer: Cognito on AWS, the local issuer in local mode.
// One code path: the issuer's JWKS, its `iss`, and the audience when one is configured.
import { settings } from "@intake/core/settings";
import { includesAdmin } from "@intake/core/groups";
import { Keys } from "@intake/core/keys";
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";

export interface Caller {
  userId: string;
  email?: string;
  isAdmin: boolean;
}

const keySets = new Map<string, JWTVerifyGetKey>();

function keySet(url: string): JWTVerifyGetKey {
  let set = keySets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { cacheMaxAge: 10 * 60 * 1000, cooldownDuration: 30 * 1000 });
    keySets.set(url, set);
  }
  return set;
}

/** The caller a bearer token proves, or undefined when it proves nothing. */
export async function authenticate(authorization: string | undefined): Promise<Caller | undefined> {
  const token = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(authorization ?? "")?.[1];
  if (!token) return undefined;
  const { jwt } = settings();
  try {
    const { payload } = await jwtVerify(token, keySet(jwt.jwksUrl), {
      issuer: jwt.issuer,
      audience: jwt.audience,
      algorithms: ["RS256"],
    });
    // Cognito access tokens carry no email or audience: only ID tokens are accepted.
    if (payload.token_use !== undefined && payload.token_use !== "id") return undefined;
    if (typeof payload.sub !== "string" || !Keys.isSafeSegment(payload.sub)) return undefined;
    return {
      userId: payload.sub,
      email: typeof payload.email === "string" ? payload.email : undefined,
      isAdmin: includesAdmin(payload["cognito:groups"]),
    };
  } catch {
    return undefined;
  }
}
