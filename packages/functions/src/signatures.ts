// The scheduled signature updater (it runs in the scanner image, packages/functions/scanner):
// freshclam refreshes the ClamAV databases kept in the signatures bucket. It starts from the
// stored copies, so usually only the daily differences are downloaded, and freshclam.dat
// (which carries the mirrors' back-off instructions) is kept between runs too.
import { log, withRequest } from "@intake/core/log";
import type { Context } from "aws-lambda";
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { imageSettings } from "../scanner/settings";
import { databaseDir, download, storeFromEnv, upload } from "../scanner/signature-store";

const run = promisify(execFile);

export async function handler(_event?: unknown, context?: Context): Promise<{ changed: string[]; removed: string[] }> {
  return withRequest(context?.awsRequestId, update);
}

async function update(): Promise<{ changed: string[]; removed: string[] }> {
  const store = storeFromEnv();
  const dir = databaseDir();
  const stored = await download(store, dir);
  const configFile = join(tmpdir(), "freshclam.conf");
  await writeFile(configFile, freshclamConfig(dir, imageSettings().privateMirror));
  // Exit code 0 means updated or already current; anything else rejects (Lambda retries).
  const { stdout } = await run("freshclam", [`--config-file=${configFile}`, "--stdout"], {
    maxBuffer: 16 * 1024 * 1024,
  });
  log("info", "signatures: freshclam", { output: stdout.trim() });
  const result = await upload(store, dir, stored);
  log("info", "signatures: stored", { bucket: store.bucket, ...result });
  return result;
}

function freshclamConfig(dir: string, privateMirror: string | undefined): string {
  return [
    `DatabaseDirectory ${dir}`,
    privateMirror ? `PrivateMirror ${privateMirror}` : "DatabaseMirror database.clamav.net",
    "Foreground yes",
    "LogTime yes",
    "ScriptedUpdates yes",
    "Bytecode yes",
    // Load every new database once before it is kept: a broken file never reaches the scanner.
    "TestDatabases yes",
    "",
  ].join("\n");
}
