import { statuses } from "@intake/core/upload/lifecycle";
import type { UploadStatus } from "../trpc";
import { statusLabel } from "../upload/status";

export function StatusFilter({ value, onChange }: { value?: UploadStatus; onChange: (status?: UploadStatus) => void }) {
  return (
    <div className="field filter">
      <label htmlFor="status-filter">Status</label>
      <select
        id="status-filter"
        value={value ?? ""}
        onChange={(event) => onChange((event.target.value || undefined) as UploadStatus | undefined)}
        data-testid="status-filter"
      >
        <option value="">All</option>
        {statuses.map((status) => (
          <option key={status} value={status}>
            {statusLabel(status)}
          </option>
        ))}
      </select>
    </div>
  );
}
