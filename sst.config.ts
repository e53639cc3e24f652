import { Aspects } from "aws-cdk-lib";
import type { SSTConfig } from "sst";
import { Api } from "./stacks/Api";
import { Auth } from "./stacks/Auth";
import { Events } from "./stacks/Events";
import { SstInternals } from "./stacks/nag";
import { lambdaRuntime } from "./stacks/runtime";
import { Processor } from "./stacks/Processor";
import { Scanner } from "./stacks/Scanner";
import { Storage } from "./stacks/Storage";
import { Web } from "./stacks/Web";

export default {
  config() {
    // `sst deploy --region …` overrides the default.
    return { name: "intake", region: "us-east-1" };
  },
  stacks(app) {
    app.setDefaultFunctionProps({ runtime: lambdaRuntime() });
    Aspects.of(app).add(new SstInternals());
    // Dependency order: each stack may only use() stacks added before it.
    app.stack(Storage).stack(Auth).stack(Events).stack(Api).stack(Scanner).stack(Processor).stack(Web);
  },
} satisfies SSTConfig;
