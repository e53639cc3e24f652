import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { useSearchParams } from "wouter";
import { type UploadStatus, useTRPC } from "../trpc";
import { AdminList } from "./admin-list";
import { type AdminTab, isAdminTab } from "./admin-tabs";
import { DecisionsContext } from "./decisions-context";
import { ReviewPanel } from "./review-panel";
import { StatusTabs } from "./status-tabs";
import { UndoBar } from "./undo-bar";
import { useDecisions } from "./use-decisions";

/** The tab and the upload under review live in the URL, so both survive a reload and can be shared. */
export function AdminDashboard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const decisions = useDecisions();
  const [params, setParams] = useSearchParams();
  const status = params.get("status");
  const tab: AdminTab = isAdminTab(status) ? status : "in_review";
  const reviewing = params.get("review");
  const [returnTo, setReturnTo] = useState<string>();
  const [moving, setMoving] = useState(false);
  const counts = useQuery(trpc.admin.counts.queryOptions());

  // Counts and lists refresh together, from one invalidation, so a tab's count and its list agree.
  useEffect(() => {
    const timer = window.setInterval(
      () => void queryClient.invalidateQueries(trpc.admin.pathFilter()),
      moving ? 2_000 : 15_000,
    );
    return () => window.clearInterval(timer);
  }, [moving, queryClient, trpc]);
  const onMoving = useCallback((now: boolean) => setMoving(now), []);

  function countOf(tab: AdminTab): number | undefined {
    const all = counts.data?.counts;
    if (!all) return undefined;
    if (tab === "all") return Object.values(all).reduce((sum, n) => sum + n, 0);
    return Math.max(0, all[tab as UploadStatus] + decisions.shift(tab));
  }

  function closeReview() {
    setReturnTo(reviewing ?? undefined);
    setParams({ status: tab });
  }

  return (
    <DecisionsContext.Provider value={decisions}>
      <section className={reviewing ? "card review-card" : "card"} aria-labelledby="admin-title">
        <h2 id="admin-title">Review</h2>
        {reviewing ? (
          <ReviewPanel uploadId={reviewing} onClose={closeReview} />
        ) : (
          <>
            <StatusTabs
              tab={tab}
              counts={countOf}
              onSelect={(next) => {
                setReturnTo(undefined);
                setParams({ status: next });
              }}
            />
            <div role="tabpanel" id="admin-panel" aria-labelledby={`tab-${tab}`}>
              <AdminList
                key={tab}
                tab={tab}
                returnTo={returnTo}
                onMoving={onMoving}
                onReview={(uploadId) => setParams({ status: tab, review: uploadId })}
              />
            </div>
          </>
        )}
      </section>
      <UndoBar decisions={decisions} />
    </DecisionsContext.Provider>
  );
}
