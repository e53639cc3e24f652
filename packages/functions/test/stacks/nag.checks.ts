import { expect, it } from "vitest";
import type { Synthesised } from "./synth";

export function nagChecks(synthesised: () => Synthesised) {
  it("cdk-nag's AwsSolutions pack finds no error that is not suppressed next to its construct, with a reason", () => {
    const { nagErrors, nagSuppressions } = synthesised();
    console.log(`cdk-nag: ${nagSuppressions.length} suppressions, ${nagErrors.length} unsuppressed errors`);
    expect(nagErrors.join("\n")).toBe("");
    for (const suppression of nagSuppressions) expect(suppression.reason.length, suppression.rule).toBeGreaterThan(20);
  });
}
