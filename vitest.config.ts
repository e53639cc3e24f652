import { defineConfig } from "vitest/config";

// Two kinds of test: unit tests start what they need themselves; stack tests share one
// local stack (DynamoDB Local in memory, s3rver, fauxqs, clamd, the API) started once.

// expect.poll waits for what a user waits for (a page to load, a scan to finish); under a
// full parallel run on a small machine 1 s (vitest's default) is not enough for a cold page.
const expect = { poll: { timeout: 10_000 } };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          expect,
          include: ["packages/*/test/**/*.test.ts"],
          exclude: ["packages/*/test/stack/**", "packages/*/test/router/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "router",
          expect,
          include: ["packages/*/test/router/**/*.test.ts"],
          globalSetup: ["packages/functions/test/router/global-setup.ts"],
          setupFiles: ["packages/functions/test/router/env.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "stack",
          expect,
          include: ["packages/*/test/stack/**/*.test.ts"],
          globalSetup: ["packages/local/test/stack/global-setup.ts"],
          setupFiles: ["packages/local/test/stack/env.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
