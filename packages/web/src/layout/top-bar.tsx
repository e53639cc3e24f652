import { useEffect } from "react";
import { Link, useLocation, useRoute } from "wouter";
import { SessionBar } from "../auth/session-bar";
import type { Session } from "../auth/session";

/** `match` is the route pattern the link stands for (its own path unless it heads a section). */
function NavLink({ href, match = href, children }: { href: string; match?: string; children: string }) {
  const [active] = useRoute(match);
  return (
    <Link href={href} className="nav-link" aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}

export function TopBar({ session }: { session?: Session }) {
  const [path] = useLocation();
  // At 360 px the links scroll sideways: keep the current page's in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs again whenever the page changes, which moves aria-current
  useEffect(() => {
    document.querySelector('.nav [aria-current="page"]')?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [path]);
  return (
    <header className="topbar">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <h1>Intake</h1>
      {session && (
        <nav aria-label="Main" className="nav">
          <NavLink href="/">Upload</NavLink>
          <NavLink href="/uploads">My uploads</NavLink>
          <NavLink href="/library">Library</NavLink>
          {session.isAdmin && (
            <NavLink href="/admin" match="/admin/*?">
              Admin
            </NavLink>
          )}
        </nav>
      )}
      {session && <SessionBar session={session} />}
    </header>
  );
}
