// Each test file reads the settings the global setup made (core reads them from the
// environment), and only those: another project's stack may have set more in this process.
import { inject } from "vitest";

const env = inject("routerEnv");
for (const name of Object.keys(process.env)) if (name.startsWith("INTAKE_") && !(name in env)) delete process.env[name];
Object.assign(process.env, env);
