#!/usr/bin/env node
// Installs what `npm start` and `npm test` need and is missing, then exits.
// Plain Node (no dependencies): it runs before node_modules exists.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

// `setup.mjs test` also installs what only the tests need.
const forTests = process.argv[2] === "test";

// Debian packages, each found by the file it provides.
const debianPackages = [
  { provides: "/usr/bin/java", packages: ["openjdk-17-jre-headless"], why: "DynamoDB Local" },
  { provides: "/usr/sbin/clamd", packages: ["clamav", "clamav-daemon"], why: "virus scanning" },
  ...(forTests ? [{ provides: "/usr/bin/chromium", packages: ["chromium"], why: "browser tests" }] : []),
];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}`);
  }
}

function installDebianPackages() {
  const missing = debianPackages.filter((d) => !existsSync(d.provides));
  if (missing.length === 0) return;
  const names = missing.flatMap((d) => d.packages);
  const reasons = missing.map((d) => d.why).join(", ");
  const isRoot = process.getuid?.() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!isRoot || !hasApt) {
    console.error(
      `intake: missing ${names.join(" ")} (for ${reasons}). Install them with:\n` +
        `  sudo apt-get install -y ${names.join(" ")}`,
    );
    process.exit(1);
  }
  console.log(`intake: installing ${names.join(" ")} (for ${reasons})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update", "-qq"], { env });
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...names], { env });
}

function installNodeModules() {
  // pnpm comes through corepack, pinned (with its hash) by package.json's packageManager.
  const env = { ...process.env, COREPACK_ENABLE_DOWNLOAD_PROMPT: "0" };
  run("corepack", ["pnpm", "install", "--frozen-lockfile", "--prefer-offline", "--reporter=silent"], { env });
}

try {
  installDebianPackages();
  installNodeModules();
} catch (error) {
  console.error(`intake: setup failed: ${error.message}`);
  process.exit(1);
}
