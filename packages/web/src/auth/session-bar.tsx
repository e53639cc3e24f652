import type { Session } from "./session";
import { signOut } from "./sign-out";

export function SessionBar({ session }: { session: Session }) {
  return (
    <div className="session">
      <span data-testid="signed-in-as">
        Signed in as <strong>{session.sub}</strong>
        {session.isAdmin && (
          <>
            {" "}
            <span className="badge badge-admin">admin</span>
          </>
        )}
      </span>
      <button type="button" className="secondary" onClick={signOut} data-testid="sign-out">
        Sign out
      </button>
    </div>
  );
}
