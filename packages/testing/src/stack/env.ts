// Test workers read the same settings as the stack's API, to use core directly in assertions.
import { inject } from "vitest";

Object.assign(process.env, inject("stack").env);
