// The SPA in local mode: Vite in middleware mode on the API's own origin, HMR included.
import type { Server } from "node:http";
import { fileURLToPath } from "node:url";
import { createServer } from "vite";
import { noncePlaceholder } from "./security-headers";

const root = fileURLToPath(new URL("../../web", import.meta.url));

export async function viteHandler(server: Server) {
  const vite = await createServer({
    root,
    configFile: `${root}/vite.config.ts`,
    appType: "spa",
    logLevel: "warn",
    server: { middlewareMode: true, hmr: { server } },
    // Inline scripts get a nonce (each response's own, see the API server) instead of 'unsafe-inline'.
    html: { cspNonce: noncePlaceholder },
  });
  return Object.assign(vite.middlewares, { close: () => vite.close() });
}
