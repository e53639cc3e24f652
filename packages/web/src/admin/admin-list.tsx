// One tab's uploads, paged; in review they can be approved one by one or several at once;
// quarantined and failed ones deleted for good or re-scanned.
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { DownloadButton } from "../downloads/download-button";
import { focusNeighbour } from "../layout/focus";
import { QueryState } from "../layout/query-state";
import { ShowMore } from "../layout/show-more";
import { useTRPC } from "../trpc";
import { isMoving } from "../upload/status";
import { displayName } from "../uploads/display-name";
import { EmptyState } from "../uploads/empty-state";
import { UploadRow } from "../uploads/upload-row";
import type { AdminTab } from "./admin-tabs";
import { useDecisionsContext } from "./decisions-context";
import { FailedActions } from "./failed-actions";
import { ReviewActions } from "./review-actions";

const activeTab = () => document.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
const detailsOf = (uploadId: string) =>
  document.querySelector<HTMLElement>(
    `[data-testid="admin-upload"][data-upload-id="${uploadId}"] [data-testid="open-review"]`,
  );

export function AdminList({
  tab,
  onReview,
  returnTo,
  onMoving,
}: {
  tab: AdminTab;
  onReview: (uploadId: string) => void;
  /** Coming back from this upload's review: focus its row, or the one that took its place. */
  returnTo?: string;
  /** Whether something listed is still moving (the dashboard refreshes faster meanwhile). */
  onMoving: (moving: boolean) => void;
}) {
  const trpc = useTRPC();
  const decisions = useDecisionsContext();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const query = useInfiniteQuery(
    trpc.admin.list.infiniteQueryOptions(
      { status: tab === "all" ? undefined : tab, limit: 20 },
      { getNextPageParam: (page) => page.cursor ?? undefined },
    ),
  );
  const listed = query.data?.pages.flatMap((page) => page.items) ?? [];
  const items = listed.filter((item) => !decisions.isDecided(item.uploadId));
  const reviewable = items.filter((item) => item.can.approve);
  const chosen = reviewable.filter((item) => selected.has(item.uploadId));
  const moving = items.some((item) => isMoving(item.status));

  useEffect(() => onMoving(moving), [moving, onMoving]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: once per return from a review, when the list is there
  useEffect(() => {
    if (!returnTo || !query.isSuccess) return;
    const at = listed.findIndex((item) => item.uploadId === returnTo);
    const visible = (item: (typeof listed)[number]) => !decisions.isDecided(item.uploadId);
    const next = at < 0 ? items[0] : (listed.slice(at).find(visible) ?? listed.slice(0, at).reverse().find(visible));
    ((next && detailsOf(next.uploadId)) ?? activeTab())?.focus();
  }, [returnTo, query.isSuccess]);

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
    activeTab()?.focus();
  }

  return (
    <>
      <QueryState query={query} />
      {query.isSuccess && items.length === 0 && (
        <EmptyState status={tab === "all" ? undefined : tab} everything="No uploads yet." />
      )}
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
                      <ReviewActions
                        upload={upload}
                        name={name}
                        onDecided={(from) => focusNeighbour(from, activeTab)}
                      />
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
                  <FailedActions upload={upload} name={name} onDone={(from) => focusNeighbour(from, activeTab)} />
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
