import { signOutOfOidc, usesOidc } from "./oidc";
import { setToken } from "./session";

/** Forgets the session here at once; with Cognito, then ends the hosted UI's session. */
export function signOut() {
  setToken(undefined);
  if (usesOidc) {
    signOutOfOidc().catch((error: unknown) => console.error("Could not end the hosted sign-in session", error));
  }
}
