import type { ReactNode } from "react";
import { Redirect, useLocation, useSearch } from "wouter";
import { useSession } from "./session";

/** Sends a visitor without a session to sign-in, remembering where they were going. */
export function RequireUser({ children }: { children: ReactNode }) {
  const session = useSession();
  const [path] = useLocation();
  const search = useSearch();
  if (session) return <>{children}</>;
  const next = path + (search ? `?${search}` : "");
  return <Redirect to={`/sign-in?next=${encodeURIComponent(next)}`} replace />;
}
