// The scanner image's own code, run here against the local S3 emulator and Debian's clamd
// (the image installs the same package): signatures loaded from the bucket at cold start,
// clamd restarted when it dies, and the updater keeping freshclam's result in the bucket.
// freshclam itself needs ClamAV's mirrors, so a stand-in on PATH plays it.
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eicarBytes, ndbDatabase, reportedName, SIGNATURES } from "@intake/testing/signatures";
import { freePort } from "@intake/local/net";
import { s3ClientConfig, startS3, type RunningS3 } from "@intake/local/s3/server";
import { ensureClamd, stopClamd, withClamd } from "../../scanner/clamd";
import { handler as updateSignatures } from "../../src/signatures";

const region = "us-east-1";
const credentials = { accessKeyId: "AKIDINTAKESCANNER", secretAccessKey: "scanner-secret" };
const bucket = "signatures";

let dir: string;
let s3: RunningS3;
let client: S3Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "intake-scanner-image-"));
  s3 = await startS3({ port: 0, directory: join(dir, "s3"), buckets: [bucket], corsOrigins: [], credentials, region });
  client = new S3Client(s3ClientConfig(s3.endpoint, credentials, region));
  Object.assign(process.env, {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    INTAKE_S3_ENDPOINT: s3.endpoint,
    INTAKE_SIGNATURES_BUCKET: bucket,
  });
});

afterAll(async () => {
  stopClamd();
  client?.destroy();
  await s3?.stop();
  await rm(dir, { recursive: true, force: true });
});

const put = (key: string, body: string) => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
const get = async (key: string) =>
  (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
async function keys(prefix: string): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

/** clamd's INSTREAM with one chunk. */
function instream(port: number, data: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, "127.0.0.1");
    const reply: Buffer[] = [];
    socket.on("data", (chunk) => reply.push(chunk));
    socket.on("end", () => resolve(Buffer.concat(reply).toString("utf8").replace(/\0$/, "")));
    socket.on("error", reject);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    socket.end(Buffer.concat([Buffer.from("zINSTREAM\0"), length, data, Buffer.alloc(4)]));
  });
}

describe("the scanner's clamd", () => {
  it("refuses to start while the bucket has no databases", async () => {
    process.env.INTAKE_SIGNATURES_PREFIX = "empty/";
    const options = { port: await freePort(), dbDir: join(dir, "none"), tmpDir: dir };
    await expect(ensureClamd(options)).rejects.toThrow(
      /No ClamAV databases in s3:\/\/signatures\/empty\/.*signature updater/,
    );
  });

  it("loads the databases from the bucket at cold start, and is started again after it dies", async () => {
    process.env.INTAKE_SIGNATURES_PREFIX = "clamav/";
    await put("clamav/intake-test.ndb", ndbDatabase());
    const port = await freePort();
    const scan = withClamd(async (data: Buffer) => instream(port, data), { port, dbDir: join(dir, "db"), tmpDir: dir });

    expect(await scan(eicarBytes(), undefined)).toBe(`stream: ${reportedName(SIGNATURES.eicar)} FOUND`);
    expect(await readFile(join(dir, "db", "intake-test.ndb"), "utf8")).toBe(ndbDatabase());

    const first = await ensureClamd();
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    expect(await scan(Buffer.from("clean bytes"), undefined)).toBe("stream: OK");
    expect((await ensureClamd()).pid).not.toBe(first.pid);
  }, 60_000);
});

describe("the signature updater", () => {
  let freshclamArgs: string;

  beforeAll(async () => {
    // Plays freshclam: daily.cvd becomes daily.cld (as a CDIFF update does), main.cvd stays.
    const bin = join(dir, "bin");
    freshclamArgs = join(dir, "freshclam-args");
    await mkdir(bin);
    const fake = join(bin, "freshclam");
    await writeFile(
      fake,
      [
        "#!/bin/sh",
        `config="\${1#--config-file=}"; cp "$config" "${freshclamArgs}"`,
        `db=$(sed -n 's/^DatabaseDirectory //p' "$config")`,
        'if [ -f "$db/daily.cvd" ]; then rm "$db/daily.cvd"; echo "daily v2" > "$db/daily.cld"; fi',
        'echo "state" > "$db/freshclam.dat"',
        'echo "daily.cld updated"',
        "",
      ].join("\n"),
    );
    await chmod(fake, 0o755);
    process.env.PATH = `${bin}:${process.env.PATH}`;
    process.env.INTAKE_SIGNATURES_PREFIX = "updates/";
    process.env.INTAKE_CLAMAV_DIR = join(dir, "updater-db");
  });

  it("starts from the stored databases, uploads what freshclam changed and deletes what it removed", async () => {
    await put("updates/main.cvd", "main v1");
    await put("updates/daily.cvd", "daily v1");

    expect(await updateSignatures()).toEqual({ changed: ["daily.cld", "freshclam.dat"], removed: ["daily.cvd"] });
    expect(await keys("updates/")).toEqual(["updates/daily.cld", "updates/freshclam.dat", "updates/main.cvd"]);
    expect(await get("updates/daily.cld")).toBe("daily v2\n");
    expect(await get("updates/main.cvd")).toBe("main v1");

    const config = await readFile(freshclamArgs, "utf8");
    expect(config).toContain(`DatabaseDirectory ${join(dir, "updater-db")}\n`);
    expect(config).toContain("DatabaseMirror database.clamav.net\n");
    expect(config).toContain("TestDatabases yes\n");
  });

  it("uploads nothing when freshclam finds the databases current", async () => {
    expect(await updateSignatures()).toEqual({ changed: [], removed: [] });
  });
});
