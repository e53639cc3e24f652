// One tab's uploads, paged; in review they can be approved one by one or several at once.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DownloadButton } from "../downloads/download-button";
import { ShowMore } from "../layout/show-more";
import { useTRPC } from "../trpc";
import { isMoving } from "../upload/status";
import { UploadRow } from "../uploads/upload-row";
import { type AdminTab, tabLabel } from "./admin-tabs";
import { useDecisionsContext } from "./decisions-context";
import { ReviewActions } from "./review-actions";
import { QueryState } from "../layout/query-state";
import { displayName } from "../uploads/display-name";

export function AdminList({ tab, onReview }: { tab: AdminTab; onReview: (uploadId: string) => void }) {
  const trpc = useTRPC();
  const decisions = useDecisionsContext();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const query = useInfiniteQuery(
    trpc.admin.list.infiniteQueryOptions(
      { status: tab === "all" ? undefined : tab, limit: 20 },
      {
        getNextPageParam: (page) => page.cursor ?? undefined,
        refetchInterval: (q) =>
          q.state.data?.pages.some((page) => page.items.some((item) => isMoving(item.status))) ? 2000 : false,
      },
    ),
  );
  const items = (query.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (item) => !decisions.isDecided(item.uploadId),
  );
  const reviewable = items.filter((item) => item.can.approve);
  const chosen = reviewable.filter((item) => selected.has(item.uploadId));

  function toggle(uploadId: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(uploadId);
      else next.delete(uploadId);
      return next;
    });
  }

  function approveChosen() {
    decisions.decide(chosen.map((item) => ({ uploadId: item.uploadId, name: displayName(item), verdict: "approve" })));
    setSelected(new Set());
  }

  return (
    <>
      <QueryState query={query} />
      {query.isSuccess && items.length === 0 && <p className="muted">Nothing {tabLabel(tab)}.</p>}
      {reviewable.length > 0 && (
        <div className="row bulk">
          <label className="check">
            <input
              type="checkbox"
              checked={chosen.length === reviewable.length}
              onChange={(event) =>
                setSelected(new Set(event.target.checked ? reviewable.map((item) => item.uploadId) : []))
              }
              data-testid="select-all"
            />
            Select all
          </label>
          <button type="button" disabled={chosen.length === 0} onClick={approveChosen} data-testid="approve-selected">
            Approve selected ({chosen.length})
          </button>
        </div>
      )}
      <ul className="uploads" data-testid="admin-list">
        {items.map((upload) => {
          const name = displayName(upload);
          return (
            <UploadRow
              key={upload.uploadId}
              upload={upload}
              testId="admin-upload"
              showOwner
              actions={
                <>
                  {upload.can.approve && (
                    <>
                      <label className="check">
                        <input
                          type="checkbox"
                          checked={selected.has(upload.uploadId)}
                          onChange={(event) => toggle(upload.uploadId, event.target.checked)}
                          aria-label={`Select ${name}`}
                          data-testid="select"
                        />
                      </label>
                      <ReviewActions upload={upload} name={name} />
                    </>
                  )}
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => onReview(upload.uploadId)}
                    aria-label={`Details of ${name}`}
                    data-testid="open-review"
                  >
                    Details
                  </button>
                  {upload.can.download && <DownloadButton uploadId={upload.uploadId} name={name} />}
                </>
              }
            />
          );
        })}
      </ul>
      <ShowMore query={query} label="Show older" />
    </>
  );
}
