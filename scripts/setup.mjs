#!/usr/bin/env node
// `node scripts/setup.mjs [--test] -- <command> [args…]`: installs what is missing, then runs
// the command on the project's Node (the major pinned in .node-version) and exits with its code.
//
// Plain Node with no dependencies, written for any Node from 18 on: it runs before
// node_modules exists and, on an older machine, before the pinned Node does.
//
// What it installs, each only when missing:
// - the pinned Node, into .runtime/ (git-ignored) from the npm registry's `node-<os>-<cpu>`
//   package, unless the machine's own Node already satisfies `engines.node`;
// - Debian packages (Java for DynamoDB Local, clamd; Chromium with --test), through apt-get;
// - the workspace's packages, with pnpm through corepack (pinned by `packageManager`).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const forTests = args[0] === "--test";
const separator = args.indexOf("--");
const command = separator === -1 ? [] : args.slice(separator + 1);

/** The exact Node the project runs on, and the range a machine's own Node must satisfy. */
export function runtimePin(dir = root) {
  const version = readFileSync(join(dir, ".node-version"), "utf8").trim().replace(/^v/, "");
  const range = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).engines.node;
  return { version, major: Number(version.split(".")[0]), range };
}

/** Whether `version` satisfies a range of the form ">=A.B.C <D" (the only form package.json uses). */
export function satisfies(version, range) {
  const match = /^>=(\d+)\.(\d+)\.(\d+) <(\d+)$/.exec(range.trim());
  if (!match) throw new Error(`engines.node must read ">=A.B.C <D", not "${range}"`);
  const [major, minor, patch] = version.replace(/^v/, "").split(".").map(Number);
  const [lowMajor, lowMinor, lowPatch, below] = match.slice(1).map(Number);
  const atLeast = major !== lowMajor ? major > lowMajor : minor !== lowMinor ? minor > lowMinor : patch >= lowPatch;
  return atLeast && major < below;
}

function run(file, argv, options = {}) {
  const result = spawnSync(file, argv, { stdio: "inherit", cwd: root, ...options });
  if (result.status !== 0) {
    throw new Error(`${file} ${argv.join(" ")} exited with ${result.status ?? result.signal}`);
  }
}

/** The directory holding the `node` to run everything on. */
function installedVersion(packageDir) {
  try {
    return JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")).version;
  } catch {
    return undefined;
  }
}

export function ensureNode() {
  const pin = runtimePin();
  if (satisfies(process.versions.node, pin.range)) return dirname(process.execPath);
  const pkg = `node-${process.platform}-${process.arch}`;
  const bin = join(root, ".runtime", "node_modules", pkg, "bin");
  // Read from the package, not by running the binary: a spawn that fails on a busy machine
  // must not look like a missing Node and reinstall it under the processes running on it.
  if (existsSync(join(bin, "node")) && installedVersion(join(bin, "..")) === pin.version) return bin;
  console.log(
    `intake: this machine has Node ${process.versions.node}; installing Node ${pin.version} into .runtime/ (once)…`,
  );
  const started = Date.now();
  run("npm", [
    "install",
    "--prefix",
    join(root, ".runtime"),
    "--no-save",
    "--no-package-lock",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    `${pkg}@${pin.version}`,
  ]);
  console.log(`intake: Node ${pin.version} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return bin;
}

// Debian packages, each found by the file it provides.
const debianPackages = [
  { provides: "/usr/bin/java", packages: ["openjdk-17-jre-headless"], why: "DynamoDB Local" },
  { provides: "/usr/sbin/clamd", packages: ["clamav", "clamav-daemon"], why: "virus scanning" },
  ...(forTests ? [{ provides: "/usr/bin/chromium", packages: ["chromium"], why: "browser tests" }] : []),
];

function installDebianPackages() {
  const missing = debianPackages.filter((d) => !existsSync(d.provides));
  if (missing.length === 0) return;
  const names = missing.flatMap((d) => d.packages);
  const reasons = missing.map((d) => d.why).join(", ");
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
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

function installNodeModules(env) {
  // corepack runs pnpm at the version (and hash) package.json's packageManager pins.
  run("corepack", ["pnpm", "install", "--frozen-lockfile", "--prefer-offline", "--reporter=silent"], {
    env: { ...env, COREPACK_ENABLE_DOWNLOAD_PROMPT: "0" },
  });
}

/** Runs the command with the pinned Node first on PATH; ends this process the way it ended. */
function runCommand(env) {
  const child = spawn(command[0], command.slice(1), { stdio: "inherit", cwd: process.cwd(), env });
  // Ctrl-C reaches the whole process group, the command included: wait for it to stop.
  process.on("SIGINT", () => {});
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("error", (error) => {
    console.error(`intake: could not run ${command[0]}: ${error.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const nodeBin = ensureNode();
    const env = {
      ...process.env,
      PATH: [nodeBin, join(root, "node_modules", ".bin"), process.env.PATH].join(delimiter),
    };
    installDebianPackages();
    installNodeModules(env);
    if (command.length > 0) runCommand(env);
  } catch (error) {
    console.error(`intake: setup failed: ${error.message}`);
    process.exit(1);
  }
}
