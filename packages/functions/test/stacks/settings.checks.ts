import type { Template } from "aws-cdk-lib/assertions";
import { parseSettings } from "@intake/core/settings";
import { local, runtime, tunableNames, wired, names as functionNames } from "@intake/core/settings/variables";
import { expect, it } from "vitest";
import { ImageEnvironment, imageSettings } from "../../scanner/settings";
import type { StackName } from "./synth";
import { synthTunables } from "./synth";
import { idOf, resource } from "./template-helpers";

type Variables = Record<string, unknown>;

/**
 * The environment with every CloudFormation reference replaced by a plain value, as Lambda
 * would see it once deployed. A URL, so it also satisfies the schema's URL variables.
 */
const deployed = (env: Variables) =>
  Object.fromEntries(
    Object.entries(env).map(([name, value]) => [
      name,
      typeof value === "string" ? value : "https://resolved.example/x",
    ]),
  );

export function settingsChecks(templates: () => Record<StackName, Template>) {
  const environmentOf = (stack: StackName, props: object): Variables =>
    resource(templates()[stack], idOf(templates()[stack], "AWS::Lambda::Function", props)).Properties.Environment
      .Variables;
  // The functions that read core's settings, and the signature updater (image only).
  const coreFunctions = {
    api: () => environmentOf("Api", { Handler: "packages/functions/src/api.handler" }),
    sweeper: () => environmentOf("Scanner", { Handler: "packages/functions/src/sweeper.handler" }),
    scanner: () => environmentOf("Scanner", { PackageType: "Image", ImageConfig: { Command: ["scan.handler"] } }),
    "events dispatcher": () => environmentOf("Events", { Handler: "packages/functions/src/events-dispatcher.handler" }),
    "events sender": () => environmentOf("Events", { Handler: "packages/functions/src/events-sender.handler" }),
  };
  const updater = () =>
    environmentOf("Scanner", { PackageType: "Image", ImageConfig: { Command: ["signatures.handler"] } });

  it("INTAKE_SCAN_TIMEOUT_SECONDS set at synth reaches the scanner", () => {
    expect(coreFunctions.scanner().INTAKE_SCAN_TIMEOUT_SECONDS).toBe(synthTunables.INTAKE_SCAN_TIMEOUT_SECONDS);
    expect(parseSettings(deployed(coreFunctions.scanner())).scan.timeoutSeconds).toBe(200);
  });

  it("every tunable set at synth reaches every function that reads core's settings", () => {
    for (const [name, env] of Object.entries(coreFunctions)) {
      expect(env(), name).toMatchObject(synthTunables);
    }
  });

  it("every variable core requires is provided to each function, and it parses", () => {
    const required = Object.entries(wired.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([name]) => name);
    expect(required).toContain("INTAKE_TABLE");
    for (const [name, env] of Object.entries(coreFunctions)) {
      expect(Object.keys(env()), name).toEqual(expect.arrayContaining(required));
      expect(() => parseSettings(deployed(env())), name).not.toThrow();
    }
    // What each function needs beyond the required: the scanner its clamd, the sweeper the queue and its limits.
    expect(parseSettings(deployed(coreFunctions.scanner())).clamd).toEqual({ host: "127.0.0.1", port: 3310 });
    expect(Object.keys(coreFunctions.sweeper())).toEqual(
      expect.arrayContaining([
        "INTAKE_SCAN_QUEUE_URL",
        "INTAKE_SCAN_VISIBILITY_TIMEOUT_SECONDS",
        "INTAKE_SCAN_MAX_RECEIVES",
      ]),
    );
  });

  it("the scanner image finds its signature store in both of its functions", () => {
    for (const env of [coreFunctions.scanner(), updater()]) {
      expect(imageSettings(deployed(env)).signatures).toEqual({
        bucket: "https://resolved.example/x",
        prefix: "clamav/",
      });
    }
  });

  it("no function is given an INTAKE_ name no schema declares, nor the runtime's or local mode's own", () => {
    const known = new Set<string>([...functionNames, ...Object.keys(ImageEnvironment.shape)]);
    const notOnAws = [...Object.keys(runtime.shape), ...Object.keys(local.shape)];
    for (const env of [...Object.values(coreFunctions).map((f) => f()), updater()]) {
      // SST adds its own (SST_APP, …); ours all start with INTAKE_.
      expect(Object.keys(env).filter((name) => name.startsWith("INTAKE_") && !known.has(name))).toEqual([]);
      expect(Object.keys(env).filter((name) => notOnAws.includes(name))).toEqual([]);
    }
    expect(tunableNames).toContain("INTAKE_SCAN_TIMEOUT_SECONDS");
  });
}
