// Synth-time settings for the stacks, read from the environment when `sst` loads the
// app (SST also loads `.env`, `.env.<stage>` and their `.local` variants from the root).
import type { App } from "sst/constructs";

/**
 * A value a deployment cannot do without. `sst deploy` and `sst dev` fail fast with a
 * clear message; `sst remove` needs no real value, so it gets a placeholder.
 */
export function required(app: App, name: string, example: string): string {
  const value = process.env[name]?.trim();
  if (value) return value;
  if (app.mode === "remove") return `unset-${name}`;
  throw new Error(`Missing ${name}: set it (e.g. ${name}=${example}) in the environment or .env.${app.stage} before sst ${app.mode}.`);
}

/** The SPA's origin, exactly as browsers send it: S3 and API Gateway CORS match it literally. */
export function siteOrigin(app: App): string {
  const value = required(app, "INTAKE_SITE_ORIGIN", "https://intake.example.com");
  if (app.mode !== "remove" && new URL(value).origin !== value) {
    throw new Error(`INTAKE_SITE_ORIGIN must be an origin like https://intake.example.com (no path or trailing slash), got ${value}`);
  }
  return value;
}

/**
 * Who issues the bearer tokens the router verifies. Until an Auth stack exists the issuer
 * (a Cognito user pool: https://cognito-idp.<region>.amazonaws.com/<poolId>) comes from the
 * environment; an Auth stack replaces this with `use(Auth)` and the pool's values.
 */
export function jwtSettings(app: App): Record<string, string> {
  const issuer = required(app, "INTAKE_JWT_ISSUER", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_XXXXXXXXX");
  const audience = process.env.INTAKE_JWT_AUDIENCE?.trim();
  return {
    INTAKE_JWT_ISSUER: issuer,
    // Cognito (and any OIDC issuer) publishes its keys here.
    INTAKE_JWKS_URL: process.env.INTAKE_JWKS_URL?.trim() || `${issuer.replace(/\/+$/, "")}/.well-known/jwks.json`,
    // Omitted rather than empty: the function's settings reject an empty audience.
    ...(audience ? { INTAKE_JWT_AUDIENCE: audience } : {}),
  };
}
