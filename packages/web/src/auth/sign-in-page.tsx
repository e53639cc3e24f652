import { Redirect, useSearchParams } from "wouter";
import { safeNext } from "./require-user";
import { useSession } from "./session";
import { SignIn } from "./sign-in";

export function SignInPage() {
  const session = useSession();
  const [params] = useSearchParams();
  if (session) return <Redirect to={safeNext(params.get("next"))} replace />;
  return <SignIn />;
}
