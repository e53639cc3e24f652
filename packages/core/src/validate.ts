// Domain functions validate their own input: `fn(schema, body)` checks, then calls body.
import type { z } from "zod";
import { IntakeError } from "./errors";

export function fn<S extends z.ZodType, R>(schema: S, body: (input: z.output<S>) => R) {
  const call = (input: z.input<S>): R => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      throw new IntakeError("VALIDATION", "Invalid input", { issues: parsed.error.issues });
    }
    return body(parsed.data);
  };
  call.schema = schema;
  return call;
}
