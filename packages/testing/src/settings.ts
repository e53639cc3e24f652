// Settings for tests that need them but no stack: nothing listens at these addresses.
import { environment, parseSettings, type Resources, type Settings, type Tunables } from "@intake/core/settings";

export const unitResources: Resources = {
  table: "t",
  buckets: { staging: "s", production: "p", quarantine: "q" },
  scanQueueUrl: "http://127.0.0.1:1/queue/scan",
  scan: { maxReceives: 3, visibilityTimeoutSeconds: 60 },
  jwt: { issuer: "http://127.0.0.1:2", jwksUrl: "http://127.0.0.1:2/.well-known/jwks.json" },
  clamd: { host: "127.0.0.1", port: 3310 },
};

/** `unitResources` with `resources` over them, parsed as a function would parse its environment. */
export function unitSettings(resources: Partial<Resources> = {}, tunables?: Tunables): Settings {
  return parseSettings(environment({ ...unitResources, ...resources }, tunables));
}
