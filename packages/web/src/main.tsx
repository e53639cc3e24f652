import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app";
import { restoreOidcSession, usesOidc } from "./auth/oidc";
import "./styles.css";

function render() {
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// With Cognito, a stored session is restored (and refreshed if it expired) before the first
// render, so a reload does not bounce a signed-in user through the sign-in page.
if (usesOidc) {
  restoreOidcSession()
    .catch((error: unknown) => console.error("Could not restore the session", error))
    .finally(render);
} else {
  render();
}
