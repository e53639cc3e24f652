// Endpoint secrets stored locally (AES-256-GCM, a key file), and rotation: for a day after it,
// every webhook carries the old secret's signature beside the new one's. The rotation's time
// is an injected clock; the signatures are checked by standardwebhooks, as a receiver would.
import { signature } from "@intake/core/events/deliver";
import { rotated } from "@intake/core/events/endpoints";
import { decrypt, encrypt, newSecret } from "@intake/core/events/secrets";
import { provideSettings } from "@intake/core/settings";
import { unitSettings } from "@intake/testing/settings";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
let withKey: <T>(fn: () => Promise<T>) => Promise<T>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "intake-secrets-"));
  const value = unitSettings({
    events: {
      deliveryQueueUrl: "http://127.0.0.1:1/queue/delivery",
      secretsKeyId: `local:${join(dir, "webhooks", "secrets.key")}`,
    },
  });
  withKey = (fn) => provideSettings(value, fn);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("endpoint secrets", () => {
  it("are stored encrypted and open again to the same secret", async () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const stored = await withKey(() => encrypt(secret));
    expect(stored).toMatch(/^local:/);
    expect(stored).not.toContain(secret.slice("whsec_".length));
    expect(Buffer.from(stored.slice("local:".length), "base64").toString("latin1")).not.toContain(secret);
    expect(await withKey(() => decrypt(stored))).toBe(secret);
    // A fresh IV each time: the same secret is never stored the same way twice.
    expect(await withKey(() => encrypt(secret))).not.toBe(stored);
    // The key lives in a file of its own, readable by its owner only.
    const keyFile = join(dir, "webhooks", "secrets.key");
    expect((await readFile(keyFile, "utf8")).trim()).toHaveLength(44);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
  });

  it("that were tampered with do not open", async () => {
    const stored = await withKey(() => encrypt(newSecret()));
    const bytes = Buffer.from(stored.slice("local:".length), "base64");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    await expect(withKey(() => decrypt(`local:${bytes.toString("base64")}`))).rejects.toThrow();
  });
});

describe("rotation", () => {
  const hour = 3600_000;
  const body = JSON.stringify({ type: "webhook.test", timestamp: new Date().toISOString(), data: {} });

  async function rotatedAt(rotation: Date) {
    const [before, after] = [newSecret(), newSecret()];
    const endpoint = rotated(
      { secret: await withKey(() => encrypt(before)) },
      await withKey(() => encrypt(after)),
      rotation,
    );
    return { before, after, endpoint };
  }

  /** The headers of a webhook sent now, and which secrets a receiver can verify them with. */
  async function sentNow(endpoint: Parameters<typeof signature>[0]) {
    const now = new Date();
    const headers = {
      "webhook-id": "msg_0123",
      "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
      "webhook-signature": await withKey(() => signature(endpoint, "msg_0123", body, now)),
    };
    const verifies = (secret: string) => {
      try {
        new Webhook(secret).verify(body, headers);
        return true;
      } catch {
        return false;
      }
    };
    return { headers, verifies };
  }

  it("keeps the old secret's signature beside the new one's for 24 hours", async () => {
    const { before, after, endpoint } = await rotatedAt(new Date(Date.now() - 23 * hour));
    const { headers, verifies } = await sentNow(endpoint);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(verifies(after)).toBe(true);
    expect(verifies(before)).toBe(true);
    expect(verifies(newSecret())).toBe(false);
  });

  it("signs with the new secret alone once the 24 hours have passed", async () => {
    const { before, after, endpoint } = await rotatedAt(new Date(Date.now() - 24 * hour - 1000));
    const { headers, verifies } = await sentNow(endpoint);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(1);
    expect(verifies(after)).toBe(true);
    expect(verifies(before)).toBe(false);
  });
});
