import { Redirect, useSearchParams } from "wouter";
import { HostedSignIn } from "./hosted-sign-in";
import { safeNext } from "./next";
import { usesOidc } from "./oidc";
import { sessionExpired, useSession } from "./session";
import { SignIn } from "./sign-in";

export function SignInPage() {
  const session = useSession();
  const [params] = useSearchParams();
  if (session) return <Redirect to={safeNext(params.get("next"))} replace />;
  return (
    <>
      {sessionExpired() && (
        <p role="status" className="notice" data-testid="session-expired">
          Your session expired. Sign in again to carry on where you were.
        </p>
      )}
      {usesOidc ? <HostedSignIn next={params.get("next")} /> : <SignIn />}
    </>
  );
}
