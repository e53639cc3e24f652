import { useEffect, useState } from "react";
import { Link, useLocation } from "wouter";
import { errorMessage } from "../errors";
import { completeOidcSignIn } from "./oidc";

/** Where the hosted UI sends the user back with a code (or an error). */
export function CallbackPage() {
  const [, navigate] = useLocation();
  const [error, setError] = useState<string>();

  useEffect(() => {
    completeOidcSignIn().then(
      (next) => navigate(next, { replace: true }),
      (err: unknown) => setError(callbackProblem(err)),
    );
  }, [navigate]);

  if (!error) return <p className="muted">Signing you in…</p>;
  return (
    <section className="card" aria-labelledby="callback-title" data-testid="sign-in-failed">
      <h2 id="callback-title">Sign-in did not complete</h2>
      <p role="alert" className="error">
        {error}
      </p>
      <p>
        <Link href="/sign-in">Try again</Link>
      </p>
    </section>
  );
}

/** The library's words for a callback this browser did not start are not for people. */
function callbackProblem(error: unknown): string {
  const message = errorMessage(error);
  return /no matching state/i.test(message)
    ? "This sign-in was not started in this browser, or its link was already used."
    : message;
}
