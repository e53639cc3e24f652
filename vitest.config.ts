import { defineConfig } from "vitest/config";

// Projects named for what their tests need:
// - unit:        nothing but the code (pure modules, zod schemas, the runtime pin)
// - router:      the tRPC router in process (createCaller), with DynamoDB Local only
// - integration: the emulators: one shared local stack (DynamoDB Local in memory, s3rver, fauxqs,
//                clamd, the API), or emulators a test starts itself to stop or break them
// - browser:     Debian's Chromium against the shared stack, or against a provider of its own
// - infra:       the synthesised SST templates, the Lambda bundles, the scanner image's code, tsc
// `npx vitest run --project integration <file>` runs one file.

// expect.poll waits for what a user waits for (a page to load, a scan to finish); under a
// full parallel run on a small machine 1 s (vitest's default) is not enough for a cold page.
const expect = { poll: { timeout: 10_000 } };

const browserTests = "packages/*/test/**/*.browser.test.ts";
const sharedStack = {
  globalSetup: ["packages/testing/src/stack/global-setup.ts"],
  setupFiles: ["packages/testing/src/stack/env.ts"],
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          expect,
          include: [
            "packages/core/test/**/*.test.ts",
            "packages/web/test/*.test.ts",
            "packages/local/test/runtime/**/*.test.ts",
          ],
          exclude: [browserTests],
        },
      },
      {
        test: {
          name: "router",
          expect,
          include: ["packages/*/test/router/**/*.test.ts"],
          globalSetup: ["packages/testing/src/router/global-setup.ts"],
          setupFiles: ["packages/testing/src/router/env.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "integration",
          expect,
          include: [
            "packages/*/test/stack/**/*.test.ts",
            "packages/local/test/{emulators,files-origin,s3,scan,process,settings,events,faults}/**/*.test.ts",
          ],
          exclude: [browserTests],
          ...sharedStack,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "browser",
          expect,
          include: [browserTests],
          ...sharedStack,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: "infra",
          expect,
          include: ["packages/functions/test/stacks/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
