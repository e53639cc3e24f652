import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Route, Switch } from "wouter";
import { CallbackPage } from "./auth/callback-page";
import { RequireUser } from "./auth/require-user";
import { useSession } from "./auth/session";
import { SignInPage } from "./auth/sign-in-page";
import { TopBar } from "./layout/top-bar";
import { AdminPage } from "./pages/admin-page";
import { LibraryPage } from "./pages/library-page";
import { MyUploadsPage } from "./pages/my-uploads-page";
import { NotFoundPage } from "./pages/not-found-page";
import { UploadPage } from "./pages/upload-page";
import { makeTRPCClient, TRPCProvider } from "./trpc";

export function App() {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: 1 } } }));
  const [trpcClient] = useState(makeTRPCClient);
  const session = useSession();

  // Cached answers belong to whoever asked; a new user starts from nothing.
  useEffect(() => queryClient.clear(), [queryClient, session?.sub]);

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <TopBar session={session} />
        <main className="page" id="main">
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
            <Route component={NotFoundPage} />
          </Switch>
        </main>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
