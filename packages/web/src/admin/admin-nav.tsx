import { Link, useRoute } from "wouter";

function AdminLink({ href, children }: { href: string; children: string }) {
  const [active] = useRoute(href);
  return (
    <Link
      href={href}
      className="admin-link"
      aria-current={active ? "page" : undefined}
      data-testid={`admin-nav-${href}`}
    >
      {children}
    </Link>
  );
}

/** The admin area's own pages: reviewing uploads, webhook endpoints, security alerts. */
export function AdminNav() {
  return (
    <nav aria-label="Admin" className="admin-nav">
      <AdminLink href="/admin">Review</AdminLink>
      <AdminLink href="/admin/integrations">Integrations</AdminLink>
      <AdminLink href="/admin/alerts">Security alerts</AdminLink>
    </nav>
  );
}
