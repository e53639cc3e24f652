import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const web = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("../..", import.meta.url));

// The local server runs Vite in middleware mode on the API's origin, so the app
// calls `/trpc` and `/dev/token` with relative URLs and needs no proxy.
export default defineConfig({
  root: web,
  plugins: [react()],
  server: {
    // Only what the SPA loads: its own package, the core modules it imports, and installed
    // packages. Never the repository's .data (the issuer's private key, clamd.conf, the table).
    fs: {
      strict: true,
      allow: [web, `${repo}packages/core/src`, `${repo}node_modules`],
      deny: [".env", ".env.*", "*.{crt,pem}", "**/.git/**", "**/.data/**"],
    },
  },
  build: { outDir: "dist", emptyOutDir: true },
});
