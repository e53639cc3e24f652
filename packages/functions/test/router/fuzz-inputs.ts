// Property-based inputs for fuzzing the API (issue 16, "then prove it"): values shaped by a
// procedure's input schema, hostile values of every kind, and the check that an answer tells a
// client nothing of the server's internals.
import fc from "fast-check";
import { z } from "zod";

/** Runs per property: enough to reach every branch of a schema, bounded for a 2-core machine. */
export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 30);

/** A fixed seed when FUZZ_SEED is set (to replay a failure: fast-check prints the seed). */
export const fuzzParameters = (numRuns = fuzzRuns): fc.Parameters<unknown> => ({
  numRuns,
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});

const huge = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length));

/** Strings a careful server must survive: control, bidi and NUL characters, lone surrogates, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b.pdf",
    "Safe\u202egnp.exe",
    "\u2066x\u2069",
    "\r\nSet-Cookie: a=b",
    "\ud800",
    "../../etc/passwd",
    "staging/../files/x",
    "%00%2e%2e%2f",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "__proto__",
    "upl_0123456789abcdef0123456789abcdeF",
    "upl_",
    "Ω≈ç√∫˜µ≤≥÷",
    "👩‍👩‍👧‍👦".repeat(50),
    huge("x", 70_000),
    huge("\u202e", 20_000),
    huge("é", 300_000),
  ),
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, -0, 0.5, 1.5, -(2 ** 31), 2 ** 31, 2 ** 53, 2 ** 64, Number.MAX_VALUE, -Number.MAX_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Nested arrays and objects deeper than any parser should follow. */
export const deeplyNested: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 50, max: 3_000 }), fc.boolean())
  .map(([depth, asArray]) => {
    let value: unknown = "deep";
    for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
    return value;
  });

/** Any hostile value: wrong types, odd numbers and strings, deep nesting, prototype keys. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, [], {}, [null], { length: -1 }),
  hostileString,
  hostileNumber,
  deeplyNested,
  fc.constant(JSON.parse('{"__proto__":{"isAdmin":true,"ownerId":"x"}}')),
  fc.constant(JSON.parse('{"constructor":{"prototype":{"polluted":true}}}')),
  fc.array(hostileString, { maxLength: 3 }),
  fc.anything({ maxDepth: 3 }),
);

const extraKeys = fc.dictionary(
  fc.oneof(fc.constantFrom("__proto__", "constructor", "ownerId", "isAdmin", "status", "userId"), fc.string()),
  hostileValue,
  { maxKeys: 3 },
);

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/** Values a real client sends for fields of these names, so valid-shaped calls also succeed. */
const typical: Record<string, unknown[]> = {
  contentType: ["application/pdf", "image/png", "image/jpeg", "image/tiff", "application/epub+zip", "text/html"],
  filename: ["invoice.pdf", "receipt.html", "Great Book.jar", "scan.svg", "Safe\u202egnp.exe", "a b.pdf"],
  sizeBytes: [1, 1000, 16 * 1024 * 1024, 50 * 1024 * 1024, 50 * 1024 * 1024 + 1],
  etag: ['"0123456789abcdef0123456789abcdef"', "0123456789abcdef0123456789abcdef"],
  title: ["Dune"],
  author: ["Frank Herbert"],
};

/** Values a schema accepts (roughly: bounded sizes), with `uploadId`s drawn from `ids`. */
function valid(schema: JsonSchema, ids: fc.Arbitrary<string>, key?: string): fc.Arbitrary<unknown> {
  if (key === "uploadId") return ids;
  const usual = key ? typical[key] : undefined;
  if (usual) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...usual) }, valid(schema, ids));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case "object": {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, valid(s, ids, k)]));
      return fc.record(model, { requiredKeys: schema.required ?? [] });
    }
    case "array":
      return fc.array(valid(schema.items ?? {}, ids), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 5, Math.max(schema.minItems ?? 0, 5)),
      });
    case "integer": {
      const min = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : (schema.minimum ?? -1e6);
      const max = schema.maximum ?? 1e9;
      return fc.oneof(fc.integer({ min, max: Math.min(max, min + 100_000) }), fc.constantFrom(min, max));
    }
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e9, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "string": {
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.min(schema.maxLength ?? 64, 64);
      return fc.string({ minLength, maxLength: Math.max(minLength, maxLength) });
    }
    default:
      return fc.anything({ maxDepth: 2 });
  }
}

/** A procedure's input schema as JSON Schema (the input side: defaults optional). */
export function jsonSchemaOf(parser: unknown): JsonSchema | undefined {
  if (typeof parser !== "object" || parser === null || !("_zod" in parser)) return undefined;
  return z.toJSONSchema(parser as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

/**
 * Inputs for a procedure: valid-shaped ones, valid ones with one field made hostile or keys
 * added, and hostile values in place of the whole input.
 */
export function inputsFor(schema: JsonSchema | undefined, ids: fc.Arbitrary<string>): fc.Arbitrary<unknown> {
  if (!schema) return fc.oneof(fc.constant(undefined), hostileValue);
  const shaped = valid(schema, ids);
  const keys = Object.keys(schema.properties ?? {});
  const oneFieldHostile = keys.length
    ? fc
        .tuple(shaped, fc.constantFrom(...keys), hostileValue)
        .map(([input, key, value]) => ({ ...(input as object), [key]: value }))
    : shaped;
  const extra = fc.tuple(shaped, extraKeys).map(([input, more]) => Object.assign({}, more, input));
  return fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 3, arbitrary: oneFieldHostile }, extra, hostileValue);
}

/**
 * What would tell a client about the server's insides: stack frames, file paths, the names of
 * the libraries and services behind the API, Node's own error names.
 */
const internals: RegExp[] = [
  /\bat [\w$.<>[\] ]+ \(/, // a stack frame
  /\bat (file|node):/,
  /(^|[\s"'(])\/(work|home|tmp|usr|var|opt|root|app)\//,
  /node_modules/,
  /\.(ts|js|mjs|cjs):\d+/,
  /electrodb/i,
  /dynamodb/i,
  /\b(aws|amazon|s3rver|fauxqs|clamd)\b/i,
  /\$metadata|\$fault|requestId/,
  /ConditionalCheckFailed|ResourceNotFound|ValidationException|TransactionCanceled|NoSuchKey|NoSuchBucket/,
  /ZodError|\bzod\b/i,
  /\b(TypeError|ReferenceError|RangeError|SyntaxError|Maximum call stack)\b/,
  /Cannot read propert|is not a function|undefined is not|Unexpected token/,
  /\bE(CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|NOTFOUND|ADDRINUSE)\b/,
];

/** The first internal detail `text` gives away, if any. */
export function internalDetail(text: string): string | undefined {
  for (const pattern of internals) {
    const match = pattern.exec(text);
    if (match)
      return `${pattern} matched ${JSON.stringify(text.slice(Math.max(0, match.index - 60), match.index + 80))}`;
  }
  return undefined;
}
