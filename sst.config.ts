import type { SSTConfig } from "sst";
import { Api } from "./stacks/Api";
import { Storage } from "./stacks/Storage";

export default {
  config() {
    // `sst deploy --region …` overrides the default.
    return { name: "intake", region: "us-east-1" };
  },
  stacks(app) {
    // Dependency order: each stack may only use() stacks added before it.
    app.stack(Storage).stack(Api);
  },
} satisfies SSTConfig;
