// One Node everywhere: the pin in .node-version, package.json's engines, the Node the tests run
// on, and what `npm start`/`npm test` run on a machine whose own Node is older.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runtimePin, satisfies } from "../../../../scripts/setup.mjs";

const root = new URL("../../../../", import.meta.url).pathname;
const pin = runtimePin();

describe("the runtime pin", () => {
  it("the tests run on the pinned Node major", () => {
    expect(process.versions.node.split(".")[0]).toBe(String(pin.major));
  });

  it("engines.node admits the pinned version and only its major", () => {
    expect(satisfies(pin.version, pin.range)).toBe(true);
    expect(pin.range).toMatch(new RegExp(`^>=${pin.major}\\.\\d+\\.\\d+ <${pin.major + 1}$`));
  });

  it("reads engines ranges as npm would", () => {
    expect(satisfies("22.22.2", ">=22.22.2 <23")).toBe(true);
    expect(satisfies("22.22.1", ">=22.22.2 <23")).toBe(false);
    expect(satisfies("22.9.0", ">=22.22.2 <23")).toBe(false);
    expect(satisfies("v22.30.0", ">=22.22.2 <23")).toBe(true);
    expect(satisfies("20.20.2", ">=22.22.2 <23")).toBe(false);
    expect(satisfies("23.0.0", ">=22.22.2 <23")).toBe(false);
    expect(() => satisfies("22.0.0", "^22")).toThrow(/engines\.node/);
  });
});

// The machine's own Node, where it is older than the pin (Debian's Node 20 here).
const machineNode = ["/usr/bin/node", "/usr/local/bin/node"].find(
  (path) => existsSync(path) && !satisfies(execFileSync(path, ["--version"], { encoding: "utf8" }).trim(), pin.range),
);

describe.skipIf(!machineNode)(`setup on an older machine Node (${machineNode})`, () => {
  it("runs everything on the pinned Node from .runtime/, installed once and then reused", () => {
    const script = `import("./scripts/setup.mjs").then((m) => console.log(m.ensureNode()))`;
    // npm test has already installed it: this run must find it, not install it again.
    const out = execFileSync(machineNode!, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
    expect(out).not.toMatch(/installing/);
    const bin = out.trim();
    expect(bin).toBe(`${root}.runtime/node_modules/node-${process.platform}-${process.arch}/bin`);
    expect(execFileSync(`${bin}/node`, ["--version"], { encoding: "utf8" }).trim()).toBe(`v${pin.version}`);
  });
});
