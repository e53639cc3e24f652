import { useState } from "react";
import { errorMessage } from "../errors";
import { signInWithOidc } from "./oidc";

/** On AWS: one button to Cognito's hosted UI, which brings the user back to `next`. */
export function HostedSignIn({ next }: { next: string | null }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  function start() {
    setBusy(true);
    setError(undefined);
    signInWithOidc(next).catch((err: unknown) => {
      setError(`Sign-in is unavailable: ${errorMessage(err)}`);
      setBusy(false);
    });
  }

  return (
    <section className="card" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in</h2>
      <p>Sign in or create an account to upload files.</p>
      <button type="button" onClick={start} disabled={busy} data-testid="sign-in-hosted">
        {busy ? "Opening sign-in…" : "Sign in"}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
