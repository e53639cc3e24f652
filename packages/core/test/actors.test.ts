// Each domain entry point serves one kind of actor and refuses the others before touching anything.
import { describe, expect, it } from "vitest";
import { Actor } from "../src/actor";
import { Admin } from "../src/admin";
import { IntakeError } from "../src/errors";
import { Scan } from "../src/scan";
import { Sweep } from "../src/sweep";
import { Upload } from "../src/upload";

const alice: Actor.Actor = { type: "user", properties: { userId: "alice", isAdmin: false } };
const ada: Actor.Actor = { type: "user", properties: { userId: "ada", isAdmin: true } };
const scanner: Actor.Actor = { type: "system", properties: { name: "scanner" } };

async function refusal(actor: Actor.Actor | undefined, call: () => Promise<unknown>) {
  const run = () => Promise.resolve().then(call);
  const error = await (actor ? Actor.provide(actor, run) : run()).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IntakeError);
  return (error as IntakeError).appCode;
}

describe("actors", () => {
  it("the sweeper and the scanner are for Intake's own processes, not people", async () => {
    expect(await refusal(ada, () => Sweep.run())).toBe("FORBIDDEN");
    expect(await refusal(undefined, () => Sweep.run())).toBe("UNAUTHORIZED");
    expect(await refusal(alice, () => Scan.handleMessage({ body: "{}", receiveCount: 1 }))).toBe("FORBIDDEN");
  });

  it("admin procedures are for admins; upload procedures for people", async () => {
    expect(await refusal(alice, () => Admin.list({}))).toBe("FORBIDDEN");
    expect(await refusal(alice, () => Admin.counts())).toBe("FORBIDDEN");
    expect(await refusal(scanner, () => Admin.approve({ uploadId: `upl_${"0".repeat(32)}` }))).toBe("UNAUTHORIZED");
    expect(await refusal(scanner, () => Upload.list({}))).toBe("UNAUTHORIZED");
  });
});
