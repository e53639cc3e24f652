import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The local server runs Vite in middleware mode on the API's origin, so the app
// calls `/trpc` and `/dev/token` with relative URLs and needs no proxy.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true },
});
