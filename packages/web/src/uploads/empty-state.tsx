import type { UploadStatus } from "../trpc";
import { statusLabel } from "../upload/status";

/** An empty list says what it was filtered by, and how to see everything. */
export function EmptyState({
  status,
  everything,
  onShowAll,
}: {
  status?: UploadStatus;
  /** What the list holds unfiltered, e.g. "Nothing here yet." */
  everything: string;
  onShowAll?: () => void;
}) {
  if (!status) {
    return (
      <p className="muted empty" data-testid="empty-state">
        {everything}
      </p>
    );
  }
  return (
    <p className="muted empty" data-testid="empty-state">
      No uploads with the status “{statusLabel(status)}”.
      {onShowAll && (
        <>
          {" "}
          <button type="button" className="link" onClick={onShowAll} data-testid="show-all">
            Show all uploads
          </button>
        </>
      )}
    </p>
  );
}
