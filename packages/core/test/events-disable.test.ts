// An endpoint whose deliveries have all failed for 3 days (the default) is disabled; the clock
// is injected. (That the disabling raises an alert is shown end to end in
// packages/local/test/events/webhooks.test.ts, where the table is.)
import { disableDue } from "@intake/core/events/deliver";
import { unitSettings } from "@intake/testing/settings";

import { describe, expect, it } from "vitest";

const { disableAfterSeconds } = unitSettings().events;

const failingSince = "2026-03-01T12:00:00.000Z";
const after = (seconds: number) => new Date(Date.parse(failingSince) + seconds * 1000);
const day = 24 * 3600;

describe("disabling a failing endpoint", () => {
  it("waits 3 days by default", () => {
    expect(disableAfterSeconds).toBe(3 * day);
  });

  it("disables it when a delivery fails 3 days after the failures began, not a second sooner", () => {
    const endpoint = { enabled: true, failingSince };
    expect(disableDue(endpoint, "failed", after(3 * day - 1), disableAfterSeconds)).toBe(false);
    expect(disableDue(endpoint, "failed", after(3 * day), disableAfterSeconds)).toBe(true);
    expect(disableDue(endpoint, "failed", after(10 * day), disableAfterSeconds)).toBe(true);
  });

  it("leaves it alone while the delivery is still being retried, or once it is disabled", () => {
    expect(disableDue({ enabled: true, failingSince }, "pending", after(4 * day), disableAfterSeconds)).toBe(false);
    expect(disableDue({ enabled: false, failingSince }, "failed", after(4 * day), disableAfterSeconds)).toBe(false);
    expect(disableDue({ enabled: true }, "failed", after(4 * day), disableAfterSeconds)).toBe(false);
  });
});
