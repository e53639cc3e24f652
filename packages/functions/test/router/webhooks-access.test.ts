// Endpoints and alerts are admins' business: every admin.webhooks.* and admin.alerts.list
// call from anyone else is FORBIDDEN, and a deployed endpoint must be https to a public address.
import { parseSettings, provideSettings } from "@intake/core/settings";
import { describe, expect, it } from "vitest";
import { as, refusal, someone } from "./helpers";

describe("admin.webhooks and admin.alerts", () => {
  it("a user who is not an admin is FORBIDDEN on every procedure", async () => {
    const api = as(someone());
    const endpointId = `ep_${"0".repeat(32)}`;
    const deliveryId = `msg_${"0".repeat(32)}`;
    for (const [path, call] of [
      [
        "admin.webhooks.create",
        () => api.admin.webhooks.create({ url: "https://example.com/h", events: ["document.ready"] }),
      ],
      ["admin.webhooks.list", () => api.admin.webhooks.list()],
      ["admin.webhooks.update", () => api.admin.webhooks.update({ endpointId, enabled: false })],
      ["admin.webhooks.delete", () => api.admin.webhooks.delete({ endpointId })],
      ["admin.webhooks.rotateSecret", () => api.admin.webhooks.rotateSecret({ endpointId })],
      ["admin.webhooks.test", () => api.admin.webhooks.test({ endpointId })],
      ["admin.webhooks.deliveries", () => api.admin.webhooks.deliveries({ endpointId })],
      ["admin.webhooks.replay", () => api.admin.webhooks.replay({ deliveryId })],
      ["admin.alerts.list", () => api.admin.alerts.list({})],
    ] as const) {
      const shape = await refusal(call(), path);
      expect(shape.data).toMatchObject({ code: "FORBIDDEN", appCode: "FORBIDDEN" });
    }
    await expect(as(someone({ admin: true })).admin.webhooks.list()).resolves.toHaveProperty("items");
  });

  it("deployed, an endpoint resolving to 169.254.169.254, 10.0.0.1 or loopback, or not https, is refused", async () => {
    const deployed = parseSettings({ ...process.env, INTAKE_WEBHOOK_ALLOW_LOOPBACK: "false" });
    const admin = as(someone({ admin: true }));
    for (const url of [
      "https://169.254.169.254/latest/meta-data",
      "https://10.0.0.1/hook",
      "https://localhost/hook",
      "https://[::1]/hook",
      "http://127.0.0.1/hook",
    ]) {
      const shape = await provideSettings(deployed, () =>
        refusal(admin.admin.webhooks.create({ url, events: ["document.ready"] }), "admin.webhooks.create"),
      );
      expect(shape.data).toMatchObject({ code: "BAD_REQUEST", appCode: "VALIDATION" });
      expect(JSON.stringify(shape.data)).toMatch(/cannot receive webhooks/);
    }
  });
});
