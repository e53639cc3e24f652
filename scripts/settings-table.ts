// Prints docs/settings.md from the settings schemas, so the documentation cannot drift from
// what the code reads:  npx tsx scripts/settings-table.ts > docs/settings.md
import { pathToFileURL } from "node:url";
import { about, deploy, local, runtime, tunable, wired } from "../packages/core/src/settings/variables";
import { ImageEnvironment } from "../packages/functions/scanner/settings";

type Variable = Parameters<typeof about.get>[0] & { safeParse(value: unknown): { success: boolean; data?: unknown } };

const sections: Array<{ title: string; intro: string; schema: { shape: Record<string, Variable> } }> = [
  {
    title: "Tunables",
    intro:
      "Set them at deploy time (in the environment or `.env.<stage>`) and every function gets them; `npm start` takes them from its environment too.",
    schema: tunable,
  },
  {
    title: "Wired by the stacks",
    intro: "The stacks set these from the resources they create; local mode from its emulators.",
    schema: wired,
  },
  {
    title: "Deploy time",
    intro: "Read by the stacks when `sst` synthesises the app; no function reads them.",
    schema: deploy,
  },
  {
    title: "Scanner image",
    intro: "The scanner image's own variables (clamd and the ClamAV databases).",
    schema: ImageEnvironment,
  },
  { title: "Local mode only", intro: "The emulators' endpoints; unset on AWS.", schema: local },
  { title: "Set by the runtime", intro: "Lambda sets these; local mode sets them for its emulators.", schema: runtime },
];

const units: Array<[RegExp, (n: number) => string]> = [
  [/_SECONDS$/, (n) => (n % 3600 === 0 ? `${n / 3600} h` : n % 60 === 0 ? `${n / 60} min` : `${n} s`)],
  [/_BYTES$/, (n) => `${n / (1024 * 1024)} MiB`],
];

function defaultOf(name: string, schema: Variable): string {
  const parsed = schema.safeParse(undefined);
  if (!parsed.success) return "required";
  const value = parsed.data;
  if (value === undefined) return "unset";
  if (typeof value === "object") return "the built-in values";
  const unit = units.find(([pattern]) => pattern.test(name));
  return `\`${value}\`${unit && typeof value === "number" ? ` (${unit[1](value)})` : ""}`;
}

const cell = (text: string) => text.replaceAll("|", "\\|");

export function settingsTable(): string {
  const lines = [
    "# Settings",
    "",
    "Every environment variable Intake reads. Generated from the settings schemas",
    "(`packages/core/src/settings/variables.ts`, `packages/functions/scanner/settings.ts`) by",
    "`npx tsx scripts/settings-table.ts > docs/settings.md`; a test fails when this file is out of date.",
  ];
  for (const section of sections) {
    lines.push(
      "",
      `## ${section.title}`,
      "",
      section.intro,
      "",
      "| variable | default | meaning | read by |",
      "|---|---|---|---|",
    );
    for (const [name, schema] of Object.entries(section.schema.shape)) {
      const meta = about.get(schema);
      if (!meta) throw new Error(`${name} has no description in the settings registry`);
      lines.push(`| \`${name}\` | ${defaultOf(name, schema)} | ${cell(meta.meaning)} | ${meta.readers.join(", ")} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.stdout.write(settingsTable());
