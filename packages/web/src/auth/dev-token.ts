// Local mode only: the embedded issuer signs a token for any name.
import { adminGroup } from "@intake/core/groups";

export const devUsers = [
  { name: "alice", admin: false },
  { name: "bob", admin: false },
  { name: "ada", admin: true },
] as const;

export async function requestDevToken(name: string): Promise<string> {
  const admin = devUsers.some((user) => user.name === name && user.admin);
  const response = await fetch("/dev/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ sub: name, email: `${name}@example.com`, groups: admin ? [adminGroup] : [] }),
  });
  if (!response.ok) {
    const hint = response.status === 404 ? " (dev sign-in exists only in local mode)" : "";
    throw new Error(`Sign-in failed: HTTP ${response.status}${hint}`);
  }
  const body = (await response.json()) as { token?: unknown };
  if (typeof body.token !== "string") throw new Error("Sign-in failed: no token in the response");
  return body.token;
}
