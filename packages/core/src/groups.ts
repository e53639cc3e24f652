// The identity provider's group that makes a user an admin (`cognito:groups` in the ID
// token). Plain data: the API and the SPA both read it from here.
export const adminGroup = "admins";

/** Whether a token's groups claim names the admin group. */
export function includesAdmin(groups: unknown): boolean {
  return Array.isArray(groups) && groups.includes(adminGroup);
}
