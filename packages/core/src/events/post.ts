// One webhook attempt: a POST to the checked address, a deadline, no redirects followed
// (node's http never follows them; a 3xx is a failed attempt), at most 4 KiB of the answer
// read and nothing in it trusted.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { Destination } from "./destination";

const maxResponseBytes = 4 * 1024;

export type ErrorKind = "TIMEOUT" | "NETWORK" | "HTTP_STATUS" | "DESTINATION_REFUSED" | "ENDPOINT_GONE";

export interface Attempt {
  statusCode?: number;
  durationMs: number;
  error?: ErrorKind;
  detail?: string;
}

export function post(
  destination: Extract<Destination, { ok: true }>,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<Attempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const pinned: LookupFunction = (_host, options, callback) => {
    const { address, family } = destination;
    if ((options as { all?: boolean }).all) (callback as (e: null, a: unknown[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const { url } = destination;
  const client = url.protocol === "https:" ? https : http;
  return new Promise<Attempt>((done) => {
    let finished = false;
    const finish = (attempt: Omit<Attempt, "durationMs">) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      request.destroy();
      done({ ...attempt, durationMs: elapsed() });
    };
    const request = client.request(
      url,
      {
        method: "POST",
        lookup: pinned,
        agent: false,
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "Intake-Webhooks/1",
        },
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        let read = 0;
        const settle = () =>
          finish(statusCode >= 200 && statusCode < 300 ? { statusCode } : { statusCode, error: "HTTP_STATUS" });
        response.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read >= maxResponseBytes) settle();
        });
        response.on("end", settle);
        response.on("error", settle);
      },
    );
    const timer = setTimeout(() => finish({ error: "TIMEOUT" }), timeoutMs);
    request.on("error", (error) => finish({ error: "NETWORK", detail: (error as NodeJS.ErrnoException).code }));
    request.end(body);
  });
}
