// The local origin: tRPC at /trpc, the dev issuer's endpoints, and the SPA, on one port.
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { createContext } from "@intake/functions/trpc/context";
import { logFault } from "@intake/functions/trpc/errors";
import { appRouter } from "@intake/functions/trpc/router";
import { ApiLimits } from "@intake/core/api-limits";
import { Keys } from "@intake/core/keys";
import { describeError, log, withLogContext } from "@intake/core/log";
import { randomUUID } from "node:crypto";
import { provideSettings, type Settings } from "@intake/core/settings";
import { fileURLToPath } from "node:url";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Issuer } from "./issuer";
import { freshNonce, isLocalHost, noncePlaceholder, securityHeaders } from "./security-headers";

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface ApiServerOptions {
  port: number;
  issuer: Issuer;
  /** The settings every request is served with. */
  settings: Settings;
  /** Makes the handler for everything that is not the API (the SPA); 404 when absent. */
  web?: (server: Server) => Promise<Handler & { close?(): Promise<void> }>;
  /** Where the browser sends uploads (the CSP's connect-src). */
  s3Origin?: string;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage, limit = 16 * 1024): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error("body too large");
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

/** POST /dev/token {sub, email?, groups?} → {token}. Local mode only. */
async function devToken(req: IncomingMessage, res: ServerResponse, issuer: Issuer) {
  if (req.method !== "POST") return sendJson(res, 405, { error: "Use POST" });
  let body: unknown;
  try {
    body = await readJson(req);
  } catch {
    return sendJson(res, 400, { error: "Body must be JSON" });
  }
  const { sub, email, groups } = (body ?? {}) as Record<string, unknown>;
  if (typeof sub !== "string" || !Keys.isSafeSegment(sub)) {
    return sendJson(res, 400, { error: "sub must be 1-128 of A-Z a-z 0-9 _ -" });
  }
  if (email !== undefined && (typeof email !== "string" || email.length > 254)) {
    return sendJson(res, 400, { error: "email must be a string" });
  }
  if (groups !== undefined && (!Array.isArray(groups) || !groups.every((g) => typeof g === "string"))) {
    return sendJson(res, 400, { error: "groups must be an array of strings" });
  }
  sendJson(res, 200, { token: await issuer.issue({ sub, email, groups }) });
}

/** Vite writes a placeholder as every inline script's nonce: this response's replaces it. */
function withNonce(res: ServerResponse, nonce: string) {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    const swap = (text: string) => text.replaceAll(noncePlaceholder, nonce);
    if (typeof chunk === "string") return end(swap(chunk), ...rest);
    if (Buffer.isBuffer(chunk) && chunk.includes(noncePlaceholder))
      return end(Buffer.from(swap(chunk.toString("utf8"))), ...rest);
    return end(chunk, ...rest);
  }) as ServerResponse["end"];
}

export async function startApiServer(options: ApiServerOptions): Promise<{ url: string; stop(): Promise<void> }> {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/trpc/",
    maxBatchSize: ApiLimits.maxBatchSize,
    maxBodySize: ApiLimits.maxBodyBytes,
    createContext: ({ req }) => createContext(req.headers.authorization),
    onError: logFault,
  });
  let web: Awaited<ReturnType<NonNullable<ApiServerOptions["web"]>>> | undefined;
  // What the SPA's dev server may read from disk (packages/web/vite.config.ts allows the same).
  const repo = fileURLToPath(new URL("../../../", import.meta.url));
  const webRoots = ["packages/web/", "packages/core/src/", "node_modules/"].map((dir) => `${repo}${dir}`);
  const server = createServer((req, res) => {
    // As Lambda's awsRequestId on AWS: on every log line of the request, and in its response.
    const requestId = randomUUID();
    res.setHeader("x-request-id", requestId);
    const address = server.address();
    const appPort = typeof address === "object" && address ? address.port : options.port;
    // Only this origin's own names: a page that rebinds its DNS name to 127.0.0.1 gets nothing.
    if (!isLocalHost(req.headers.host, appPort)) return sendJson(res, 403, { error: "Unknown host" });
    const nonce = freshNonce();
    for (const [name, value] of Object.entries(
      securityHeaders({
        appPort,
        nonce,
        s3Origin: options.s3Origin,
        filesOrigin: options.settings.files?.origin,
      }),
    )) {
      res.setHeader(name, value);
    }
    withNonce(res, nonce);
    // A page's nonce is its own: a 304 would keep the cached page, whose nonce no longer matches.
    if (req.headers.accept?.includes("text/html")) delete req.headers["if-none-match"];
    provideSettings(options.settings, () => withLogContext({ requestId }, () => route(req, res)));
  });
  function webServes(path: string): boolean {
    const file = safeDecode(path.slice("/@fs".length));
    return file !== undefined && !file.includes("/../") && webRoots.some((root) => file.startsWith(root));
  }
  function route(req: IncomingMessage, res: ServerResponse) {
    const path = URL.parse(req.url ?? "/", "http://local")?.pathname;
    if (path === undefined) return sendJson(res, 400, { error: "Bad request target" });
    if (path.startsWith("/trpc/")) {
      // API Gateway routes nothing else to the API; tRPC's adapter would fail on TRACE as a fault.
      if (!["GET", "POST", "HEAD", "OPTIONS"].includes(req.method ?? "")) {
        res.setHeader("allow", "GET, POST");
        return sendJson(res, 405, { error: "Method not allowed" });
      }
      return trpc(req, res);
    }
    // Vite's own refusal of a path outside its allow list names the allowed directories on disk.
    if (path.startsWith("/@fs/") && !webServes(path)) return sendJson(res, 403, { error: "Forbidden" });
    if (path === "/.well-known/jwks.json") return sendJson(res, 200, options.issuer.jwks);
    if (path === "/dev/token") {
      devToken(req, res, options.issuer).catch((error) => {
        log("error", "dev token: fault", { error: describeError(error) });
        sendJson(res, 500, { error: "Internal server error" });
      });
      return;
    }
    if (web) return web(req, res, () => sendJson(res, 404, { error: "Not found" }));
    sendJson(res, 404, { error: "Not found" });
  }
  web = await options.web?.(server);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : options.port;
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: async () => {
          await web?.close?.();
          await new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          });
        },
      });
    });
  });
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
