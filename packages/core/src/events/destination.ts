// Where a webhook may go. Deployed, only https to public addresses: the name is resolved at
// send time (DNS can change) and every address it gives must be public unicast, never
// private, loopback, link-local (the cloud metadata service) or reserved. The connection is
// then made to the address checked, so a second lookup cannot point it elsewhere.
import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/** `dns.promises.lookup` with `{all: true}`: what names are resolved with (tests pass their own). */
export type Lookup = (
  hostname: string,
  options: { all: true; verbatim: true },
) => Promise<{ address: string; family: number }[]>;

export type Destination = { ok: true; url: URL; address: string; family: 4 | 6 } | { ok: false; reason: string };

export async function resolve(raw: string, allowLoopback: boolean, lookupAll: Lookup = lookup): Promise<Destination> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "not a URL" };
  }
  if (url.username || url.password) return { ok: false, reason: "credentials in the URL" };
  if (url.protocol !== "https:" && !(allowLoopback && url.protocol === "http:")) {
    return { ok: false, reason: "the URL must be https" };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookupAll(host, { all: true, verbatim: true });
  } catch {
    return { ok: false, reason: "the host does not resolve" };
  }
  const [first] = addresses;
  if (!first) return { ok: false, reason: "the host does not resolve" };
  if (!allowLoopback) {
    const refused = addresses.find((a) => !isPublic(a.address));
    if (refused) return { ok: false, reason: `the host resolves to a non-public address (${refused.address})` };
  }
  return { ok: true, url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** Public unicast only: ipaddr.js names every special range, including 169.254/16 and fd00::/8. */
export function isPublic(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === "unicast";
}
