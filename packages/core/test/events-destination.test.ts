// Where a webhook may go when deployed: https to public addresses only, checked against what
// the name resolves to at each send. Names are resolved by an injected lookup (the sender's
// test seam), so a name can be made to move from a public address to a private one.
import { isPublic, type Lookup, resolve } from "@intake/core/events/destination";
import { describe, expect, it } from "vitest";

const resolvesTo =
  (...answers: string[][]): Lookup =>
  async () => {
    const next = answers.length > 1 ? answers.shift() : answers[0];
    return (next ?? []).map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

describe("the address check", () => {
  it.each([
    ["10.0.0.1", "private"],
    ["172.16.5.4", "private"],
    ["192.168.1.1", "private"],
    ["127.0.0.1", "loopback"],
    ["169.254.169.254", "cloud metadata (link-local)"],
    ["169.254.10.10", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.1", "multicast"],
    ["::1", "IPv6 loopback"],
    ["::", "IPv6 unspecified"],
    ["fd00::1", "IPv6 unique-local"],
    ["fd00:ec2::254", "the IPv6 cloud metadata address (unique-local)"],
    ["fc00::1", "IPv6 unique-local"],
    ["fe80::1", "IPv6 link-local"],
    ["::ffff:10.0.0.1", "IPv4-mapped private"],
    ["::ffff:169.254.169.254", "IPv4-mapped metadata"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["not an address", "not an address"],
  ])("refuses %s (%s)", (address) => {
    expect(isPublic(address)).toBe(false);
  });

  it.each(["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("accepts %s", (address) => {
    expect(isPublic(address)).toBe(true);
  });
});

describe("a destination, deployed", () => {
  it("is refused when the name comes to resolve to the metadata service or a private address", async () => {
    const lookup = resolvesTo(["93.184.216.34"], ["169.254.169.254"], ["10.0.0.1"]);
    const url = "https://hooks.example.com/intake";
    // When the endpoint was created the name was public…
    expect(await resolve(url, false, lookup)).toMatchObject({ ok: true, address: "93.184.216.34", family: 4 });
    // …then DNS changed: each later send is refused.
    expect(await resolve(url, false, lookup)).toEqual({
      ok: false,
      reason: "the host resolves to a non-public address (169.254.169.254)",
    });
    expect(await resolve(url, false, lookup)).toEqual({
      ok: false,
      reason: "the host resolves to a non-public address (10.0.0.1)",
    });
  });

  it("is refused when any one of the name's addresses is not public", async () => {
    const lookup = resolvesTo(["93.184.216.34", "fd00:ec2::254"]);
    expect(await resolve("https://hooks.example.com/", false, lookup)).toMatchObject({ ok: false });
  });

  it("is refused over http, with credentials in the URL, or when the name does not resolve", async () => {
    const lookup = resolvesTo(["93.184.216.34"]);
    expect(await resolve("http://hooks.example.com/", false, lookup)).toEqual({
      ok: false,
      reason: "the URL must be https",
    });
    expect(await resolve("https://u:p@hooks.example.com/", false, lookup)).toMatchObject({ ok: false });
    expect(await resolve("https://hooks.example.com/", false, resolvesTo([]))).toEqual({
      ok: false,
      reason: "the host does not resolve",
    });
  });

  it("is pinned to the address checked, for an IP literal too", async () => {
    expect(await resolve("https://[2606:4700:4700::1111]/", false, resolvesTo(["2606:4700:4700::1111"]))).toMatchObject(
      { ok: true, address: "2606:4700:4700::1111", family: 6 },
    );
    expect(await resolve("https://169.254.169.254/latest/meta-data/", false)).toMatchObject({ ok: false });
  });
});

describe("a destination, locally", () => {
  it("may be http on loopback", async () => {
    expect(await resolve("http://127.0.0.1:9/hook", true)).toMatchObject({ ok: true, address: "127.0.0.1" });
  });
});
