// A CloudFront policy statement and the checks CloudFront makes on it: the resource (with
// `*` for any run of characters and `?` for one), DateLessThan, DateGreaterThan, IpAddress.
import { BlockList, isIPv4 } from "node:net";

interface Epoch {
  "AWS:EpochTime": number;
}
export interface Policy {
  Statement: [
    {
      Resource: string;
      Condition: { DateLessThan: Epoch; DateGreaterThan?: Epoch; IpAddress?: { "AWS:SourceIp": string } };
    },
  ];
}

/** The policy in `json`, or undefined when it is not one statement of the shape CloudFront reads. */
export function parsePolicy(json: string): Policy | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const statements = (value as { Statement?: unknown })?.Statement;
  if (!Array.isArray(statements) || statements.length !== 1) return undefined;
  const { Resource, Condition } = statements[0] as { Resource?: unknown; Condition?: Record<string, unknown> };
  if (typeof Resource !== "string" || Resource.length === 0 || typeof Condition !== "object" || !Condition)
    return undefined;
  const { DateLessThan, DateGreaterThan, IpAddress, ...other } = Condition;
  if (Object.keys(other).length > 0 || !isEpoch(DateLessThan)) return undefined;
  if (DateGreaterThan !== undefined && !isEpoch(DateGreaterThan)) return undefined;
  if (IpAddress !== undefined && typeof (IpAddress as Record<string, unknown>)?.["AWS:SourceIp"] !== "string") {
    return undefined;
  }
  return value as Policy;
}

function isEpoch(value: unknown): value is Epoch {
  const time = (value as Record<string, unknown> | undefined)?.["AWS:EpochTime"];
  return typeof time === "number" && Number.isInteger(time) && time >= 0;
}

/** The policy a canned-policy URL stands for, byte for byte as the signer wrote it. */
export function cannedPolicy(resource: string, expires: number): string {
  return JSON.stringify({
    Statement: [{ Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": expires } } }],
  });
}

export function resourceMatches(pattern: string, url: string): boolean {
  const source = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, "s").test(url);
}

/** Why the statement refuses this request, or undefined when it allows it. */
export function refusal(policy: Policy, request: { url: string; nowSeconds: number; ip: string }): string | undefined {
  const { Resource, Condition } = policy.Statement[0];
  if (!resourceMatches(Resource, request.url)) return "resource does not match";
  if (!(request.nowSeconds < Condition.DateLessThan["AWS:EpochTime"])) return "expired";
  if (Condition.DateGreaterThan && request.nowSeconds < Condition.DateGreaterThan["AWS:EpochTime"]) {
    return "not valid yet";
  }
  if (Condition.IpAddress && !inCidr(request.ip, Condition.IpAddress["AWS:SourceIp"])) return "source address";
  return undefined;
}

function inCidr(ip: string, cidr: string): boolean {
  const [network, bits = "32"] = cidr.split("/");
  const address = ip.replace(/^::ffff:/, "");
  if (!network || !isIPv4(network) || !isIPv4(address) || !/^\d{1,2}$/.test(bits) || Number(bits) > 32) return false;
  const list = new BlockList();
  list.addSubnet(network, Number(bits), "ipv4");
  return list.check(address, "ipv4");
}
