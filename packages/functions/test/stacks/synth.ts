// Synthesises the whole app offline, wired exactly as sst.config.ts wires it. This really
// bundles the Node handlers with esbuild and builds the SPA with Vite; the scanner image is
// only fingerprinted (Docker builds it when assets are published).
import { Aspects, type Stack as CdkStack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { generateKeyPairSync } from "node:crypto";
import { App, getStack, use } from "sst/constructs";
import { initProject } from "sst/project.js";
import config from "../../../../sst.config";
import { Api } from "../../../../stacks/Api";
import { Auth } from "../../../../stacks/Auth";
import { Events } from "../../../../stacks/Events";
import { Processor } from "../../../../stacks/Processor";
import { Scanner } from "../../../../stacks/Scanner";
import { Storage } from "../../../../stacks/Storage";
import { Web } from "../../../../stacks/Web";

export const siteOrigin = "https://intake.example.com";
/** Deployment tuning set at synth time (as .env.<stage> would), which every function must get. */
export const synthTunables = {
  INTAKE_SCAN_TIMEOUT_SECONDS: "200",
  INTAKE_PURPOSES: JSON.stringify({ book: { maxSizeBytes: 100 * 1024 * 1024 } }),
};
/** The public half of a download-signing key pair, made for this run as an operator would. */
export const filesPublicKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .publicKey.export({ type: "spki", format: "pem" })
  .toString();
export const stacks = { Storage, Auth, Events, Api, Scanner, Processor, Web };
export type StackName = keyof typeof stacks;

export interface Synthesised {
  templates: Record<StackName, Template>;
  /** The replica stack, in the second region (made by Storage, not by sst.config.ts). */
  replica: Template;
  /** cdk-nag's AwsSolutions errors left unsuppressed, as "rule: construct path". */
  nagErrors: string[];
  /** Every suppression, from each resource's metadata. */
  nagSuppressions: { stack: string; resource: string; rule: string; reason: string }[];
  /** What the Web stack function returned (its `use()` value). */
  web: ReturnType<typeof Web>;
  /** The cloud assembly's directory (templates, asset manifests, staged assets). */
  assemblyDir: string;
  /** A stack as CDK holds it (its region, its dependencies). */
  stack(name: StackName | "Replica"): CdkStack;
  /** Resolves a token to its CloudFormation form, as the stack's template holds it. */
  resolve(stack: StackName, value: unknown): unknown;
}

export async function synthesise(): Promise<Synthesised> {
  process.env.SST_TELEMETRY_DISABLED = "1";
  process.env.INTAKE_SITE_ORIGIN = siteOrigin;
  process.env.INTAKE_FILES_PUBLIC_KEY_PEM = filesPublicKey;
  Object.assign(process.env, synthTunables);
  await initProject({ stage: "test" }); // without a stage it prompts on stdin
  const app = new App({ mode: "deploy", stage: "test", name: "intake", region: "us-east-1" });
  config.stacks(app);
  // AWS Solutions rules over every stack; a finding is an error annotation unless suppressed.
  Aspects.of(app).add(new AwsSolutionsChecks());
  await app.finish();
  const templates = Object.fromEntries(
    Object.entries(stacks).map(([name, fn]) => [name, Template.fromStack(getStack(fn))]),
  ) as Record<StackName, Template>;
  const replica = Template.fromStack(use(Storage).replica.stack);
  const assembly = app.synth();
  const nagErrors = assembly.stacks.flatMap((artifact) =>
    artifact.messages
      .filter((m) => m.level === "error" && String(m.entry.data).startsWith("AwsSolutions-"))
      .map((m) => `${String(m.entry.data).match(/^AwsSolutions-\w+(\[[^\]]*\])?/)?.[0]}: ${m.id}`),
  );
  const nagSuppressions = assembly.stacks.flatMap((artifact) =>
    Object.entries(artifact.template.Resources as Record<string, { Metadata?: Record<string, any> }>).flatMap(
      ([id, r]) =>
        ((r.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[]).map((s) => ({
          stack: artifact.stackName,
          resource: String(r.Metadata?.["aws:cdk:path"] ?? id),
          rule: s.id,
          reason: s.reason,
        })),
    ),
  );
  return {
    templates,
    replica,
    nagErrors,
    nagSuppressions,
    web: use(Web),
    assemblyDir: app.synth().directory, // already synthesised by fromStack: returns that assembly
    stack: (name) => (name === "Replica" ? use(Storage).replica.stack : getStack(stacks[name])),
    resolve: (stack, value) => getStack(stacks[stack]).resolve(value),
  };
}
