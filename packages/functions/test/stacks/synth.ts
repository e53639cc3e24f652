// Synthesises the whole app offline, wired exactly as sst.config.ts wires it. This really
// bundles the Node handlers with esbuild and builds the SPA with Vite; the scanner image is
// only fingerprinted (Docker builds it when assets are published).
import { Template } from "aws-cdk-lib/assertions";
import { App, getStack, use } from "sst/constructs";
import { initProject } from "sst/project.js";
import config from "../../../../sst.config";
import { Api } from "../../../../stacks/Api";
import { Auth } from "../../../../stacks/Auth";
import { Scanner } from "../../../../stacks/Scanner";
import { Storage } from "../../../../stacks/Storage";
import { Web } from "../../../../stacks/Web";

export const siteOrigin = "https://intake.example.com";
/** Deployment tuning set at synth time (as .env.<stage> would), which every function must get. */
export const synthTunables = {
  INTAKE_SCAN_TIMEOUT_SECONDS: "200",
  INTAKE_PURPOSES: JSON.stringify({ book: { maxSizeBytes: 100 * 1024 * 1024 } }),
};
export const stacks = { Storage, Auth, Api, Scanner, Web };
export type StackName = keyof typeof stacks;

export interface Synthesised {
  templates: Record<StackName, Template>;
  /** What the Web stack function returned (its `use()` value). */
  web: ReturnType<typeof Web>;
  /** The cloud assembly's directory (templates, asset manifests, staged assets). */
  assemblyDir: string;
  /** Resolves a token to its CloudFormation form, as the stack's template holds it. */
  resolve(stack: StackName, value: unknown): unknown;
}

export async function synthesise(): Promise<Synthesised> {
  process.env.SST_TELEMETRY_DISABLED = "1";
  process.env.INTAKE_SITE_ORIGIN = siteOrigin;
  Object.assign(process.env, synthTunables);
  await initProject({ stage: "test" }); // without a stage it prompts on stdin
  const app = new App({ mode: "deploy", stage: "test", name: "intake", region: "us-east-1" });
  config.stacks(app);
  await app.finish();
  const templates = Object.fromEntries(
    Object.entries(stacks).map(([name, fn]) => [name, Template.fromStack(getStack(fn))]),
  ) as Record<StackName, Template>;
  return {
    templates,
    web: use(Web),
    assemblyDir: app.synth().directory, // already synthesised by fromStack: returns that assembly
    resolve: (stack, value) => getStack(stacks[stack]).resolve(value),
  };
}
