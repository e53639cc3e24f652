import { typeInWords } from "../format";
import type { UploadInfo } from "../trpc";

/** Why an upload stopped where it did, in words: the signature, the real type, or the reviewer's reason. */
export function statusReason(upload: UploadInfo): string | undefined {
  if (upload.status === "quarantined") {
    const signatures = upload.scan?.signatures;
    const detected = upload.scan?.detectedType;
    if (upload.statusReason === "UNSCANNABLE") {
      return `Could not be scanned (encrypted, or past the scanner's limits): ${signatures?.join(", ") ?? ""}`;
    }
    if (signatures?.length) return `Virus found: ${signatures.join(", ")}`;
    const processing = upload.processing;
    if (upload.statusReason === "ACTIVE_CONTENT") {
      const found = processing && "found" in processing ? processing.found : undefined;
      return `Refused: it contains something that runs${found?.length ? ` (${found.join(", ")})` : ""}`;
    }
    if (upload.statusReason === "MALFORMED") {
      const detail = processing && "detail" in processing ? processing.detail : undefined;
      return `Refused: the file is damaged or not what it claims to be${detail ? ` (${detail})` : ""}`;
    }
    if (upload.statusReason === "FORBIDDEN_TYPE" && detected) {
      return `It is ${typeInWords(detected)}, a kind of file that is never accepted`;
    }
    if (detected && detected !== upload.contentType) {
      return `It is really ${typeInWords(detected)}, not ${typeInWords(upload.contentType)}`;
    }
  }
  if (upload.status === "rejected" && upload.statusReason) return `Rejected: ${upload.statusReason}`;
  if (upload.statusReason === "PROCESSING_FAILED") return "Could not be processed; an admin can look into it";
  if (upload.statusReason === "SCAN_FAILED") return "The virus check kept failing; an admin can try it again";
  if (upload.status === "aborted") return undefined;
  return upload.statusReason ?? undefined;
}
