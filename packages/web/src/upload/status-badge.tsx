import type { UploadInfo } from "../trpc";
import { statusIcon, statusTone, statusWords } from "./status";
import { StatusIcon } from "./status-icon";

/** The status in words, with its own icon and colour. */
export function StatusBadge({ upload }: { upload: Pick<UploadInfo, "status" | "statusReason"> }) {
  const tone = statusTone(upload.status);
  return (
    <span className={`badge badge-${tone}`} data-status={upload.status} data-tone={tone} data-testid="status-badge">
      <StatusIcon icon={statusIcon(upload.status)} />
      {statusWords(upload)}
    </span>
  );
}
