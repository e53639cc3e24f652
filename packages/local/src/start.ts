// `npm start`: the whole local stack on one machine, data kept in .data/.
import { tunablesFrom } from "@intake/core/settings";
import { fileURLToPath } from "node:url";
import { startStack } from "./stack";

const started = performance.now();
const dataDir = fileURLToPath(new URL("../../../.data", import.meta.url));
const port = Number(process.env.PORT ?? 3000);

const stack = await startStack({
  port,
  dataDir,
  persistDynamo: true,
  web: true,
  // Tuning set in the shell, e.g. INTAKE_PURPOSES='{"statement":{"maxSizeBytes":1073741824}}' npm start.
  tunables: tunablesFrom(process.env),
  log: (line) => console.log(`  ${line}`),
}).catch((error: Error) => {
  console.error(`intake: could not start: ${error.message}`);
  process.exit(1);
});

console.log(`\nIntake is ready in ${((performance.now() - started) / 1000).toFixed(1)} s: open ${stack.urls.app}`);
console.log("Sign in as alice, bob or admin ada. Ctrl-C stops everything.\n");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nintake: stopping…");
    await stack.stop();
    process.exit(0);
  });
}
