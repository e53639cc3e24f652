import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { SessionBar } from "./auth/session-bar";
import { useSession } from "./auth/session";
import { SignIn } from "./auth/sign-in";
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
        <header className="topbar">
          <h1>Intake</h1>
          {session && <SessionBar session={session} />}
        </header>
        <main className="page">{session ? <UploadPage key={session.sub} /> : <SignIn />}</main>
      </TRPCProvider>
    </QueryClientProvider>
  );
}
