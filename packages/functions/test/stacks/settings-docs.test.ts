// docs/settings.md is generated from the settings schemas: it must say what the code reads.
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { settingsTable } from "../../../../scripts/settings-table";

it("docs/settings.md is the table the settings schemas generate (npx tsx scripts/settings-table.ts > docs/settings.md)", async () => {
  const written = await readFile(new URL("../../../../docs/settings.md", import.meta.url), "utf8");
  expect(written).toBe(settingsTable());
});
