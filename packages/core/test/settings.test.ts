// The settings contract: one builder's environment parses back to what was built, tunables
// are checked where they are set, and each provided settings gets its own AWS clients.
import { s3 } from "@intake/core/aws";
import {
  environment,
  parseSettings,
  provideSettings,
  settings,
  tunablesFrom,
  type Resources,
} from "@intake/core/settings";
import { unitResources } from "@intake/testing/settings";
import { describe, expect, it } from "vitest";

const resources = (s3Endpoint: string): Resources => ({
  ...unitResources,
  local: {
    region: "eu-west-1",
    credentials: { accessKeyId: "A", secretAccessKey: "B" },
    endpoints: { s3: s3Endpoint, dynamodb: "http://127.0.0.1:4" },
  },
});

describe("settings", () => {
  it("what environment() builds parses back to the same resources and tunables", () => {
    const parsed = parseSettings(environment(resources("http://127.0.0.1:3"), { INTAKE_SCAN_TIMEOUT_SECONDS: "30" }));
    expect(parsed).toMatchObject({
      region: "eu-west-1",
      credentials: { accessKeyId: "A", secretAccessKey: "B" },
      table: "t",
      buckets: { staging: "s", production: "p", quarantine: "q" },
      endpoints: { s3: "http://127.0.0.1:3", dynamodb: "http://127.0.0.1:4", sqs: undefined },
      clamd: { host: "127.0.0.1", port: 3310 },
      scan: { maxReceives: 3, visibilityTimeoutSeconds: 60, timeoutSeconds: 30 },
      uploadUrlTtlSeconds: 900,
    });
  });

  it("a bad tunable is refused where it is set, by name; unset and blank ones are left out", () => {
    expect(() => tunablesFrom({ INTAKE_SCAN_TIMEOUT_SECONDS: "soon" })).toThrow(/INTAKE_SCAN_TIMEOUT_SECONDS/);
    expect(() => tunablesFrom({ INTAKE_PURPOSES: "{not json" })).toThrow(/INTAKE_PURPOSES/);
    expect(() => tunablesFrom({ INTAKE_PURPOSES: JSON.stringify({ book: { maxSizeBytes: -1 } }) })).toThrow(
      /INTAKE_PURPOSES/,
    );
    expect(tunablesFrom({ INTAKE_LOG_LEVEL: "warn", INTAKE_PURPOSES: " ", OTHER: "x" })).toEqual({
      INTAKE_LOG_LEVEL: "warn",
    });
  });

  it("each provided settings has its own S3 client, and the same settings the same one", async () => {
    const a = parseSettings(environment(resources("http://127.0.0.1:5")));
    const b = parseSettings(environment(resources("http://127.0.0.1:6")));
    const [clientA, clientB, againA] = [provideSettings(a, s3), provideSettings(b, s3), provideSettings(a, s3)];
    expect(clientA).not.toBe(clientB);
    expect(againA).toBe(clientA);
    expect((await clientA.config.endpoint!()).port).toBe(5);
    expect((await clientB.config.endpoint!()).port).toBe(6);
    // Nested and concurrent uses each see their own.
    const seen = await Promise.all(
      [a, b].map((value) =>
        provideSettings(value, async () => {
          await Promise.resolve();
          return `${provideSettings(b, () => settings().endpoints.s3)} inside ${settings().endpoints.s3}`;
        }),
      ),
    );
    expect(seen).toEqual([
      "http://127.0.0.1:6 inside http://127.0.0.1:5",
      "http://127.0.0.1:6 inside http://127.0.0.1:6",
    ]);
  });
});
