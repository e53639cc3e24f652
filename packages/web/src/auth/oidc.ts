// Sign-in on AWS: Cognito's hosted UI, authorization code with PKCE, through oidc-client-ts.
// The library keeps the tokens (and the refresh token) in localStorage and refreshes them
// before they expire; this module hands the ID token, which the API verifies, to the session.
import { ErrorResponse, type User, UserManager, WebStorageStateStore } from "oidc-client-ts";
import { safeNext } from "./next";
import { endExpiredSession, setToken } from "./session";

const env = import.meta.env;

/** Without an authority the app is in local mode and signs in through `/dev/token`. */
export const usesOidc = Boolean(env.VITE_COGNITO_AUTHORITY);

const cognitoDomain = env.VITE_COGNITO_DOMAIN?.replace(/\/$/, "");
const clientId = env.VITE_COGNITO_CLIENT_ID ?? "";
const logoutUri = () => env.VITE_COGNITO_LOGOUT_URI ?? window.location.origin;

let manager: UserManager | undefined;

function userManager(): UserManager {
  if (manager) return manager;
  manager = new UserManager({
    authority: env.VITE_COGNITO_AUTHORITY ?? "",
    client_id: clientId,
    redirect_uri: env.VITE_COGNITO_REDIRECT_URI ?? `${window.location.origin}/auth/callback`,
    post_logout_redirect_uri: logoutUri(),
    response_type: "code",
    scope: "openid email profile",
    userStore: new WebStorageStateStore({ store: window.localStorage }),
    // Cognito has no iframe renewal; with a refresh token the library uses the refresh grant.
    // It renews a minute before the access token expires: stacks/Auth.ts gives the ID token
    // the same lifetime, so the token the API reads is renewed in time too.
    automaticSilentRenew: true,
    // Cognito's discovery document lists neither: both live on the hosted UI's domain.
    ...(cognitoDomain && {
      metadataSeed: {
        end_session_endpoint: `${cognitoDomain}/logout`,
        revocation_endpoint: `${cognitoDomain}/oauth2/revoke`,
      },
    }),
  });
  manager.events.addUserLoaded((user) => setToken(user.id_token));
  manager.events.addSilentRenewError(forgetIfRefused);
  return manager;
}

/**
 * After a failed renewal: a refresh token the provider refused (expired, revoked) ends the
 * session and is forgotten, so the user signs in again. After a network failure it is
 * kept: the next page load tries it again.
 */
function forgetIfRefused(error: unknown) {
  if (!(error instanceof ErrorResponse)) {
    console.warn("Could not renew the session; trying again on the next page load", error);
    return;
  }
  endExpiredSession();
  userManager()
    .removeUser()
    .catch((removeError: unknown) => console.error("Could not forget the refused tokens", removeError));
}

/**
 * At start-up: the stored user's ID token, refreshed first if it has expired, so a reload
 * keeps the user signed in. Also arms the library's renewal timer.
 */
export async function restoreOidcSession(): Promise<void> {
  const user = await userManager().getUser();
  if (!user) return setToken(undefined);
  if (!user.expired) return setToken(user.id_token);
  try {
    const renewed = await userManager().signinSilent();
    setToken(renewed?.id_token);
  } catch (error) {
    setToken(undefined);
    forgetIfRefused(error);
  }
}

export function signInWithOidc(next: string | null): Promise<void> {
  return userManager().signinRedirect({ state: { next: safeNext(next) } });
}

let callback: Promise<User> | undefined;

/** Completes the redirect from the hosted UI; returns where the user was going. */
export async function completeOidcSignIn(): Promise<string> {
  // Once per page load: StrictMode runs effects twice, and the code can be redeemed once.
  callback ??= userManager().signinRedirectCallback();
  const user = await callback; // its UserLoaded event has started the session
  return safeNext((user.state as { next?: string } | undefined)?.next);
}

/**
 * Revokes the refresh token (Cognito's logout alone leaves it valid for its 30 days), then
 * the library forgets the tokens here and sends the browser to end the provider's session.
 */
export async function signOutOfOidc(): Promise<void> {
  await userManager()
    .revokeTokens(["refresh_token"])
    // Best effort: signing out must not depend on the provider answering this first.
    .catch((error: unknown) => console.warn("Could not revoke the refresh token", error));
  setToken(undefined); // revoking stores the user again, and its UserLoaded event restarted the session
  await userManager().signoutRedirect({
    // Cognito's logout wants these two; a standard end-session endpoint needs neither.
    extraQueryParams: cognitoDomain ? { client_id: clientId, logout_uri: logoutUri() } : undefined,
  });
}
