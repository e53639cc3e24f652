import { lazy, Suspense } from "react";
import { Link } from "wouter";
import { useSession } from "../auth/session";

// Only admins need the dashboard: it loads on first visit rather than with the app.
const AdminDashboard = lazy(() =>
  import("../admin/admin-dashboard").then((module) => ({ default: module.AdminDashboard })),
);

export function AdminPage() {
  const session = useSession();
  if (!session?.isAdmin) {
    return (
      <section className="card" aria-labelledby="refused-title" data-testid="admin-refused">
        <h2 id="refused-title">Admins only</h2>
        <p role="alert">
          You are signed in as <strong>{session?.sub}</strong>, who is not an admin, so you cannot review uploads.
        </p>
        <p>
          <Link href="/">Back to uploading</Link>
        </p>
      </section>
    );
  }
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <AdminDashboard />
    </Suspense>
  );
}
