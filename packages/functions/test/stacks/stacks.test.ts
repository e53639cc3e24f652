// The synthesised CloudFormation of every stack, checked offline. One file, one synthesis:
// each SST App rewrites .sst/types and .sst/artifacts, so stack tests must not run in parallel.
import { beforeAll, describe } from "vitest";
import { apiChecks } from "./api.checks";
import { authChecks } from "./auth.checks";
import { dataProtectionChecks } from "./data-protection.checks";
import { eventsChecks } from "./events.checks";
import { filesOriginChecks } from "./files-origin.checks";
import { bucketChecks, leastPrivilegeChecks } from "./least-privilege.checks";
import { nagChecks } from "./nag.checks";
import { processorChecks } from "./processor.checks";
import { scannerChecks } from "./scanner.checks";
import { runtimeChecks } from "./runtime.checks";
import { settingsChecks } from "./settings.checks";
import { storageChecks } from "./storage.checks";
import { synthesise, type Synthesised } from "./synth";
import { webChecks } from "./web.checks";

let app: Synthesised;
beforeAll(async () => {
  app = await synthesise();
}, 120_000);

describe("Storage stack", () => storageChecks(() => app.templates.Storage));
describe("files origin", () => filesOriginChecks(() => app.templates.Storage));
describe("data protection", () => dataProtectionChecks(() => app));
describe("Auth stack", () => authChecks(() => app.templates.Auth));
describe("Api stack", () => apiChecks(() => app.templates.Api));
describe("Events stack", () =>
  eventsChecks(
    () => app.templates.Events,
    () => app.templates.Storage,
    () => app.templates.Api,
  ));
describe("Scanner stack", () =>
  scannerChecks(
    () => app.templates.Scanner,
    () => app.templates.Storage,
    () => app.assemblyDir,
  ));
describe("Processor stack", () =>
  processorChecks(
    () => app.templates.Processor,
    () => app.templates.Storage,
    () => app.templates.Scanner,
  ));
describe("Web stack", () =>
  webChecks(
    () => app.templates.Web,
    () => app,
  ));
describe("function settings", () => settingsChecks(() => app.templates));
describe("least privilege", () => leastPrivilegeChecks(() => app.templates));
describe("buckets", () => bucketChecks(() => ({ ...app.templates, Replica: app.replica })));
describe("one Node runtime", () => runtimeChecks(() => app.templates));
describe("cdk-nag", () => nagChecks(() => app));
