import { Link } from "wouter";
import { AdminDashboard } from "../admin/admin-dashboard";
import { useSession } from "../auth/session";

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
  return <AdminDashboard />;
}
