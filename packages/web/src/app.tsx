import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Route, Switch } from "wouter";
import { CallbackPage } from "./auth/callback-page";
import { RequireUser } from "./auth/require-user";
import { endExpiredSession, useSession } from "./auth/session";
import { errorData } from "./errors";
import { SignInPage } from "./auth/sign-in-page";
import { RouteAnnouncer } from "./layout/route-announcer";
import { TopBar } from "./layout/top-bar";
import { AdminPage } from "./pages/admin-page";
import { UploadPanel } from "./manager/upload-panel";
import { LibraryPage } from "./pages/library-page";
import { MyUploadsPage } from "./pages/my-uploads-page";
import { NotFoundPage } from "./pages/not-found-page";
import { UploadPage } from "./pages/upload-page";
import { makeTRPCClient, TRPCProvider } from "./trpc";

export function App() {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: (failures, error) => failures < 1 && !isUnauthorized(error) } },
        queryCache: new QueryCache({ onError: endIfUnauthorized }),
        mutationCache: new MutationCache({ onError: endIfUnauthorized }),
      }),
  );
  const [trpcClient] = useState(makeTRPCClient);
  const session = useSession();

  // Cached answers belong to whoever asked; a new user starts from nothing. Only on a change:
  // clearing on mount would cancel the first page's queries in flight.
  const shownFor = useRef(session?.sub);
  useEffect(() => {
    if (shownFor.current === session?.sub) return;
    shownFor.current = session?.sub;
    queryClient.clear();
  }, [queryClient, session?.sub]);

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <TopBar session={session} />
        <RouteAnnouncer />
        <main className="page" id="main">
          <UploadPanel />
          <Switch>
            <Route path="/sign-in" component={SignInPage} />
            <Route path="/auth/callback" component={CallbackPage} />
            <Route path="/">
              <RequireUser key={session?.sub}>
                <UploadPage />
              </RequireUser>
            </Route>
            <Route path="/uploads">
              <RequireUser key={session?.sub}>
                <MyUploadsPage />
              </RequireUser>
            </Route>
            <Route path="/library">
              <RequireUser>
                <LibraryPage />
              </RequireUser>
            </Route>
            <Route path="/admin">
              <RequireUser>
                <AdminPage />
              </RequireUser>
            </Route>
            <Route path="/admin/integrations">
              <RequireUser>
                <AdminPage section="integrations" />
              </RequireUser>
            </Route>
            <Route path="/admin/alerts">
              <RequireUser>
                <AdminPage section="alerts" />
              </RequireUser>
            </Route>
            <Route component={NotFoundPage} />
          </Switch>
        </main>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

const isUnauthorized = (error: unknown) => errorData(error)?.appCode === "UNAUTHORIZED";

/** A token the API no longer accepts ends the session; RequireUser then sends the user to sign-in. */
function endIfUnauthorized(error: unknown) {
  if (isUnauthorized(error)) endExpiredSession();
}
