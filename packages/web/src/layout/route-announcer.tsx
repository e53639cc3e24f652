// Each route's own document title, and a polite announcement when the route changes (a
// screen reader hears nothing else when a single-page app swaps its content).
import { useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";

const names: Record<string, string> = {
  "/": "Upload",
  "/uploads": "My uploads",
  "/library": "Library",
  "/admin": "Review",
  "/admin/integrations": "Integrations",
  "/admin/alerts": "Security alerts",
  "/sign-in": "Sign in",
  "/auth/callback": "Signing in",
};

export const pageName = (path: string) => names[path] ?? "Page not found";
export const pageTitle = (path: string) => `${pageName(path)} · Intake`;

export function RouteAnnouncer() {
  const [path] = useLocation();
  const [announced, setAnnounced] = useState("");
  const first = useRef(true);

  useEffect(() => {
    document.title = pageTitle(path);
    // The first page is read out by the browser itself; only changes need announcing.
    if (first.current) {
      first.current = false;
      return;
    }
    setAnnounced(`${pageName(path)} page`);
  }, [path]);

  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="route-announcer">
      {announced}
    </div>
  );
}
