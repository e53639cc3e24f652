import { lazy, Suspense } from "react";
import { Link } from "wouter";
import { AdminNav } from "../admin/admin-nav";
import { useSession } from "../auth/session";

// Only admins need these pages: each loads on first visit rather than with the app.
const sections = {
  review: lazy(() => import("../admin/admin-dashboard").then((module) => ({ default: module.AdminDashboard }))),
  integrations: lazy(() =>
    import("../admin/integrations/integrations-page").then((module) => ({ default: module.IntegrationsPage })),
  ),
  alerts: lazy(() => import("../admin/alerts/alerts-page").then((module) => ({ default: module.AlertsPage }))),
};

export function AdminPage({ section = "review" }: { section?: keyof typeof sections }) {
  const session = useSession();
  if (!session?.isAdmin) {
    return (
      <section className="card" aria-labelledby="refused-title" data-testid="admin-refused">
        <h2 id="refused-title">Admins only</h2>
        <p role="alert">
          You are signed in as <strong>{session?.sub}</strong>, who is not an admin, so you cannot{" "}
          {section === "review" ? "review uploads" : "see this page"}.
        </p>
        <p>
          <Link href="/">Back to uploading</Link>
        </p>
      </section>
    );
  }
  const Section = sections[section];
  return (
    <>
      <AdminNav />
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <Section />
      </Suspense>
    </>
  );
}
