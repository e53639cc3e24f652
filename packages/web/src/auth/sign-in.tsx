import { type FormEvent, useState } from "react";
import { errorMessage } from "../errors";
import { devUsers, requestDevToken } from "./dev-token";
import { signIn } from "./session";

export function SignIn() {
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function signInAs(user: string) {
    setBusy(true);
    setError(undefined);
    try {
      signIn(await requestDevToken(user));
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void signInAs(name.trim());
  }

  return (
    <section className="card" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">Sign in (local mode)</h2>
      <div className="row">
        {devUsers.map((user) => (
          <button
            key={user.name}
            type="button"
            disabled={busy}
            onClick={() => void signInAs(user.name)}
            data-testid={`sign-in-${user.name}`}
          >
            {user.name}
            {user.admin && " (admin)"}
          </button>
        ))}
      </div>
      <form onSubmit={onSubmit} className="row">
        <label htmlFor="sign-in-name">Or any name</label>
        <input
          id="sign-in-name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
          pattern="[A-Za-z0-9_\-]{1,64}"
          title="Letters, digits, - and _ only"
          autoComplete="username"
          data-testid="sign-in-name"
        />
        <button type="submit" disabled={busy} data-testid="sign-in-submit">
          Sign in
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
