// The signed-in session: one bearer token in localStorage, readable outside React
// (the tRPC link reads it per request) and subscribable from React.
import { includesAdmin } from "@intake/core/groups";
import { useSyncExternalStore } from "react";

const storageKey = "intake.token";
const listeners = new Set<() => void>();

export interface Session {
  token: string;
  sub: string;
  email?: string;
  isAdmin: boolean;
  /** Epoch ms; the session ends by itself then unless a fresh token replaces it. */
  expiresAt?: number;
}

let current: Session | undefined;
let expired = false;
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

function read(): Session | undefined {
  const token = localStorage.getItem(storageKey);
  return token ? fromToken(token) : undefined;
}

/** The claims the UI shows; the server verifies the token, this only decodes it. */
function fromToken(token: string): Session | undefined {
  try {
    const part = token.split(".")[1] ?? "";
    const bytes = Uint8Array.from(atob(part.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    if (typeof claims.sub !== "string") return undefined;
    if (typeof claims.exp === "number" && claims.exp * 1000 <= Date.now()) return undefined;
    return {
      token,
      sub: claims.sub,
      email: typeof claims.email === "string" ? claims.email : undefined,
      isAdmin: includesAdmin(claims["cognito:groups"]),
      expiresAt: typeof claims.exp === "number" ? claims.exp * 1000 : undefined,
    };
  } catch {
    return undefined; // not a JWT this app can read: treated as no session
  }
}

function set(session: Session | undefined, ended: "expired" | "signed-out" = "signed-out") {
  current = session;
  expired = !session && ended === "expired";
  if (session) localStorage.setItem(storageKey, session.token);
  else localStorage.removeItem(storageKey);
  watchExpiry(session);
  for (const listener of listeners) listener();
}

/** Pages move to sign-in when the token runs out, rather than failing call by call. */
function watchExpiry(session: Session | undefined) {
  clearTimeout(expiryTimer);
  if (!session?.expiresAt) return;
  const delay = Math.min(session.expiresAt - Date.now(), 2 ** 31 - 1);
  expiryTimer = setTimeout(() => set(undefined, "expired"), Math.max(0, delay));
}

current = read();
watchExpiry(current);

/** The API refused the token (expired or revoked): end the session as expired. */
export function endExpiredSession() {
  if (current) set(undefined, "expired");
}

/** Whether the last session ended because its token expired, not by signing out. */
export function sessionExpired(): boolean {
  return expired;
}

export function getSession(): Session | undefined {
  return current;
}

export function signIn(token: string): Session {
  const session = fromToken(token);
  if (!session) throw new Error("The server returned a token this app cannot read");
  set(session);
  return session;
}

/** The session for a token from the OIDC client (undefined, or unreadable: none). */
export function setToken(token: string | undefined) {
  set(token ? fromToken(token) : undefined);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab signing in or out changes this tab's session too.
  const onStorage = (event: StorageEvent) => {
    if (event.key !== storageKey) return;
    current = read();
    watchExpiry(current);
    listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function useSession(): Session | undefined {
  return useSyncExternalStore(subscribe, getSession);
}
