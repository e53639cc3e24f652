// Synth-time settings for the stacks, read from the environment when `sst` loads the app
// (SST also loads `.env`, `.env.<stage>` and their `.local` variants from the root). What
// the functions read at run time is packages/core/src/settings; its tunables set here are
// passed on to them.
import type { Duration } from "aws-cdk-lib";
import { deploy, tunable, type DeployName } from "../packages/core/src/settings/variables";
import { tunablesFrom, type Tunables } from "../packages/core/src/settings";
import type { App } from "sst/constructs";

/**
 * A value a deployment cannot do without. `sst deploy` and `sst dev` fail fast with a
 * clear message; `sst remove` needs no real value, so it gets a placeholder.
 */
export function required(app: App, name: TextName, example: string): string {
  const value = optional(name);
  if (value) return value;
  if (app.mode === "remove") return `unset-${name}`;
  throw new Error(
    `Missing ${name}: set it (e.g. ${name}=${example}) in the environment or .env.${app.stage} before sst ${app.mode}.`,
  );
}

type Deployed<N extends DeployName> = ReturnType<(typeof deploy.shape)[N]["parse"]>;
/** The deploy settings that may be unset (all text); the others have defaults. */
type TextName = { [N in DeployName]: undefined extends Deployed<N> ? N : never }[DeployName];

export function optional(name: TextName): string | undefined {
  return deploy.shape[name].parse(process.env[name]);
}

/** A deploy setting with a default (a number of days, a region), checked now. */
export function deploySetting<N extends Exclude<DeployName, TextName>>(name: N): Deployed<N> {
  return deploy.shape[name].parse(process.env[name]) as Deployed<N>;
}

/** The functions' tunables set for this deployment, checked now rather than at run time. */
export function tunables(): Tunables {
  return tunablesFrom(process.env);
}

/** The SPA's origin, exactly as browsers send it: S3 and API Gateway CORS match it literally. */
export function siteOrigin(app: App): string {
  const value = required(app, "INTAKE_SITE_ORIGIN", "https://intake.example.com");
  if (app.mode !== "remove" && new URL(value).origin !== value) {
    throw new Error(
      `INTAKE_SITE_ORIGIN must be an origin like https://intake.example.com (no path or trailing slash), got ${value}`,
    );
  }
  return value;
}

/** Where Cognito sends the browser back after sign-in and sign-out; registered on the app client. */
export function authRedirects(app: App) {
  const origin = siteOrigin(app);
  return { callbackUrl: `${origin}/auth/callback`, logoutUrl: `${origin}/` };
}

/**
 * A function's own deadline (a tunable, in seconds) must end before Lambda's timeout, or a
 * slow record dies without the retry count or verdict that deadline exists to write.
 */
export function requireBelowTimeout(
  name: "INTAKE_SCAN_TIMEOUT_SECONDS" | "INTAKE_PROCESS_TIMEOUT_SECONDS",
  fn: string,
  timeout: Duration,
): void {
  const seconds = tunable.shape[name].parse(tunables()[name]);
  if (seconds >= timeout.toSeconds()) {
    throw new Error(`${name} (${seconds}) must be below the ${fn}'s timeout (${timeout.toSeconds()} s)`);
  }
}
