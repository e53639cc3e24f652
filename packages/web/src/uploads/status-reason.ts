import type { UploadInfo } from "../trpc";

/** Why an upload stopped where it did, in words: the signature, the real type, or the reviewer's reason. */
export function statusReason(upload: UploadInfo): string | undefined {
  if (upload.status === "quarantined") {
    const signatures = upload.scan?.signatures;
    if (upload.statusReason === "UNSCANNABLE") {
      return `Could not be scanned (encrypted, or past the scanner's limits): ${signatures?.join(", ") ?? ""}`;
    }
    if (signatures?.length) return `Virus found: ${signatures.join(", ")}`;
    if (upload.scan?.detectedType && upload.scan.detectedType !== upload.contentType) {
      return `The file is really ${upload.scan.detectedType}, not ${upload.contentType}`;
    }
  }
  if (upload.status === "rejected" && upload.statusReason) return `Rejected: ${upload.statusReason}`;
  return upload.statusReason ?? undefined;
}
