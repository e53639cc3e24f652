import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import type { Synthesised } from "./synth";

export function nagChecks(synthesised: () => Synthesised) {
  it("cdk-nag's AwsSolutions pack finds no error that is not suppressed next to its construct, with a reason", () => {
    const { nagErrors, nagSuppressions } = synthesised();
    console.log(`cdk-nag: ${nagSuppressions.length} suppressions, ${nagErrors.length} unsuppressed errors`);
    expect(nagErrors.join("\n")).toBe("");
    for (const suppression of nagSuppressions) expect(suppression.reason.length, suppression.rule).toBeGreaterThan(20);
  });

  it("docs/deploy.md lists every rule suppressed", () => {
    const docs = readFileSync(new URL("../../../../docs/deploy.md", import.meta.url), "utf8");
    const section = docs.slice(docs.indexOf("## cdk-nag"));
    const listed = new Set([...section.matchAll(/^\| ([A-Z0-9, ]+) \|/gm)].flatMap((m) => m[1]!.split(", ")));
    const suppressed = new Set(synthesised().nagSuppressions.map((s) => s.rule.replace("AwsSolutions-", "")));
    expect([...suppressed].filter((rule) => !listed.has(rule))).toEqual([]);
    expect([...listed].filter((rule) => !suppressed.has(rule))).toEqual([]);
  });
}
