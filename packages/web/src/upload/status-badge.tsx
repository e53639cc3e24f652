import type { UploadStatus } from "../trpc";
import { statusLabel, statusTone } from "./status";

export function StatusBadge({ status }: { status: UploadStatus }) {
  return (
    <span className={`badge badge-${statusTone(status)}`} data-status={status}>
      {statusLabel(status)}
    </span>
  );
}
