// Each test file reads the settings the global setup made (core reads them from the environment).
import { inject } from "vitest";

Object.assign(process.env, inject("routerEnv"));
