// The part of clamscan 2.4.0 (which ships no types) that Intake uses.
declare module "clamscan" {
  import type { Readable } from "node:stream";

  export interface ScanResult {
    /** true, false, or null when clamd's reply could not be read as either. */
    isInfected: boolean | null;
    viruses: string[];
    resultString?: string;
    timeout?: boolean;
  }

  export interface InitOptions {
    removeInfected?: boolean;
    quarantineInfected?: boolean | string;
    scanLog?: string | null;
    debugMode?: boolean;
    preference?: "clamdscan" | "clamscan";
    clamscan?: { active?: boolean; path?: string | null };
    clamdscan?: {
      host?: string;
      port?: number;
      socket?: string | false;
      timeout?: number;
      localFallback?: boolean;
      path?: string | null;
      active?: boolean;
      bypassTest?: boolean;
    };
  }

  export default class NodeClam {
    init(options?: InitOptions): Promise<NodeClam>;
    scanStream(stream: Readable): Promise<ScanResult>;
  }
}
