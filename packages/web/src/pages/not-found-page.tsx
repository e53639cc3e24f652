import { Link } from "wouter";

export function NotFoundPage() {
  return (
    <section className="card" aria-labelledby="not-found-title">
      <h2 id="not-found-title">Page not found</h2>
      <p>
        There is nothing here. <Link href="/">Go to the upload page</Link>.
      </p>
    </section>
  );
}
