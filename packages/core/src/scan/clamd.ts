// clamd INSTREAM through the clamscan package, with the guards its 2.4.0 release needs.
import NodeClam from "clamscan";
import type { Readable } from "node:stream";
import { perSettings } from "../settings";
import { ScanFault } from "./fault";

export type ClamdResult = { infected: false } | { infected: true; signatures: string[] };

export interface ClamdScanner {
  scanStream(stream: Readable): Promise<ClamdResult>;
}

export interface ClamdTarget {
  host: string;
  port: number;
  /** The whole scan's deadline. */
  timeoutMs: number;
}

export function clamdScanner(target: ClamdTarget): ClamdScanner {
  let client: Promise<NodeClam> | undefined;
  const connect = () =>
    (client ??= create(target).catch((error) => {
      client = undefined;
      throw error;
    }));

  return {
    /**
     * Resolves clean or infected only on clamd's explicit answer; anything else (no
     * connection, no answer in time, a reply clamscan cannot read) is a ScanFault.
     */
    async scanStream(stream) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ScanFault(`clamd gave no answer within ${target.timeoutMs} ms`)),
          target.timeoutMs,
        );
      });
      try {
        const clam = await connect();
        // clamscan can resolve null, or never settle: only its explicit false is clean.
        const result = await Promise.race([clam.scanStream(stream), deadline]);
        if (result.isInfected === false) return { infected: false };
        if (result.isInfected === true && result.viruses.length > 0)
          return { infected: true, signatures: result.viruses };
        throw new ScanFault(`clamd gave no verdict: ${JSON.stringify(result.resultString ?? null)}`);
      } catch (error) {
        if (error instanceof ScanFault) throw error;
        throw new ScanFault(`clamd: ${(error as Error).message}`, { cause: error });
      } finally {
        clearTimeout(timer);
        stream.destroy();
      }
    },
  };
}

function create(target: ClamdTarget): Promise<NodeClam> {
  // init() deletes `clamdscan` from the object it is given, so every call builds a new one.
  return new NodeClam().init({
    removeInfected: false,
    quarantineInfected: false,
    scanLog: null,
    debugMode: false,
    preference: "clamdscan",
    // Never fall back to a local binary: a verdict comes from the configured clamd or not at all.
    clamscan: { active: false, path: null },
    clamdscan: {
      host: target.host,
      port: target.port,
      socket: false,
      path: null,
      localFallback: false,
      bypassTest: true,
      // Socket idle timeout; the whole scan has its own deadline.
      timeout: Math.min(30_000, target.timeoutMs),
    },
  });
}

const configured = perSettings(
  ({ clamd, scan }) => [clamd?.host, clamd?.port, scan.timeoutSeconds],
  ({ clamd, scan }) => (clamd ? clamdScanner({ ...clamd, timeoutMs: scan.timeoutSeconds * 1000 }) : undefined),
);

/** The scanner for the configured clamd (INTAKE_CLAMD_HOST/PORT). */
export function scanStream(stream: Readable): Promise<ClamdResult> {
  const scanner = configured();
  if (!scanner) {
    stream.destroy();
    return Promise.reject(new ScanFault("clamd is not configured (INTAKE_CLAMD_HOST, INTAKE_CLAMD_PORT)"));
  }
  return scanner.scanStream(stream);
}
