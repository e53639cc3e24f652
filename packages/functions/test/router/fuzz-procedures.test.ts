// Fuzzing every procedure of the router in process (issue 16, "then prove it"): inputs shaped by
// each procedure's own schema, the same made hostile, and hostile values alone, called as the
// uploads' owner, another user, an admin and no one. A refusal is never INTERNAL_SERVER_ERROR,
// never names an internal, and leaves every upload as it was. S3 is a real s3rver of this file's
// own (the router project's S3 endpoint refuses connections), so calls that reach S3 reach one.
import { startS3 } from "@intake/local/s3/server";
import { TRPCError } from "@trpc/server";
import fc from "fast-check";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Caller } from "../../src/trpc/auth";
import { appRouter } from "../../src/trpc/router";
import { fuzzParameters, inputsFor, internalDetail, jsonSchemaOf } from "./fuzz-inputs";
import { as, invoice, shapeOf, someone } from "./helpers";

const dir = await mkdtemp(join(tmpdir(), "intake-fuzz-"));
const s3 = await startS3({
  port: 0,
  directory: dir,
  buckets: [
    process.env.INTAKE_STAGING_BUCKET,
    process.env.INTAKE_PRODUCTION_BUCKET,
    process.env.INTAKE_QUARANTINE_BUCKET,
  ].filter((name): name is string => name !== undefined),
  corsOrigins: [],
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "",
  },
  region: process.env.AWS_REGION ?? "us-east-1",
});
// Read once by core on first use: set before any procedure runs.
process.env.INTAKE_S3_ENDPOINT = s3.endpoint;
afterAll(async () => {
  await s3.stop();
  await rm(dir, { recursive: true, force: true });
});

type Procedure = { _def: { type: string; inputs: unknown[] } };
const procedures = Object.entries((appRouter._def as unknown as { procedures: Record<string, Procedure> }).procedures);

/** Calls `path` (e.g. "upload.confirm") as `caller` with any input, as a client could send it. */
function call(caller: Caller | undefined, path: string, input: unknown): Promise<unknown> {
  const procedure = path.split(".").reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], as(caller));
  return (procedure as (input: unknown) => Promise<unknown>)(input);
}

/** Users with uploads in the states the router alone can reach: single and multipart, pending. */
async function world() {
  const owner = someone();
  const other = someone();
  const admin = someone({ admin: true });
  const ownerIds = [
    (await as(owner).upload.initiate(invoice)).uploadId,
    (await as(owner).upload.initiate({ ...invoice, purpose: "statement", sizeBytes: 20 * 1024 * 1024 })).uploadId,
    (await as(owner).upload.initiate({ ...invoice, purpose: "book", title: "Dune", author: "Frank Herbert" })).uploadId,
  ];
  const otherIds = [(await as(other).upload.initiate(invoice)).uploadId];
  const ids = fc.oneof(fc.constantFrom(...ownerIds, ...otherIds), fc.stringMatching(/^upl_[a-f0-9]{32}$/));
  const callers = { owner, other, admin, anonymous: undefined } as const;
  /** Everything a user would see of the owner's and the other user's uploads. */
  const snapshot = async () => ({
    owner: (await as(owner).upload.list({ limit: 100 })).items,
    other: (await as(other).upload.list({ limit: 100 })).items,
  });
  return { ids, callers, snapshot };
}

const brief = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} chars)` : text;
};

describe("every procedure, fuzzed in process", () => {
  it("covers every procedure the router has", () => {
    expect(procedures.map(([path]) => path)).toEqual(expect.arrayContaining(["upload.initiate", "admin.reject"]));
  });

  it.each(procedures)("%s: refusals are clean, say nothing internal and change nothing", async (path, procedure) => {
    const { ids, callers, snapshot } = await world();
    const inputs = inputsFor(jsonSchemaOf(procedure._def.inputs[0]), ids);
    const who = fc.constantFrom(...(Object.keys(callers) as (keyof typeof callers)[]));
    const counts: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(who, inputs, async (name, input) => {
        const before = await snapshot();
        const error = await call(callers[name], path, input).then(
          () => undefined,
          (e: unknown) => e,
        );
        const outcome = error instanceof TRPCError ? error.code : error ? "not a TRPCError" : "ok";
        counts[outcome] = (counts[outcome] ?? 0) + 1;
        if (!error) return;
        const context = `${path} as ${name} with ${brief(input)}`;
        expect(error, context).toBeInstanceOf(TRPCError);
        const shape = shapeOf(error as TRPCError, path);
        expect(shape.data.code, `${context}: ${shape.message}`).not.toBe("INTERNAL_SERVER_ERROR");
        expect(internalDetail(JSON.stringify(shape)), context).toBeUndefined();
        expect(await snapshot(), `${context} was refused but changed an upload`).toEqual(before);
      }),
      fuzzParameters(),
    );
    console.log(`fuzz ${path}: ${JSON.stringify(counts)}`);
  });
});
