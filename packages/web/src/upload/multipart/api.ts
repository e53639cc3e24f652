// The procedures the engine drives: a tRPC client, or anything shaped like its upload router.
import type { TRPCClient } from "../../trpc";

export type MultipartApi = {
  upload: Pick<TRPCClient["upload"], "signParts" | "listParts" | "complete" | "refresh" | "abort">;
};

/** What initiate (or a saved upload) says about the parts. */
export interface MultipartTarget {
  uploadId: string;
  partSize: number;
  partCount: number;
}
