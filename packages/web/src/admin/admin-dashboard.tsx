import { useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../errors";
import { type UploadStatus, useTRPC } from "../trpc";
import { statusLabel } from "../upload/status";
import { UploadRow } from "../uploads/upload-row";
import { DownloadButton } from "../downloads/download-button";
import { adminTabs, countPageSize } from "./admin-tabs";
import { ReviewActions } from "./review-actions";

export function AdminDashboard() {
  const trpc = useTRPC();
  const [tab, setTab] = useState<UploadStatus>("in_review");
  const lists = useQueries({
    queries: adminTabs.map((status) => trpc.admin.list.queryOptions({ status, limit: countPageSize })),
  });
  const index = adminTabs.indexOf(tab);
  const current = lists[index];

  return (
    <section className="card" aria-labelledby="admin-title">
      <h2 id="admin-title">Review</h2>
      <div role="tablist" aria-label="Uploads by status" className="tabs">
        {adminTabs.map((status, i) => {
          const data = lists[i]?.data;
          const count = data ? `${data.items.length}${data.cursor ? "+" : ""}` : "…";
          return (
            <button
              key={status}
              type="button"
              role="tab"
              id={`tab-${status}`}
              aria-selected={status === tab}
              aria-controls="admin-panel"
              className="tab"
              onClick={() => setTab(status)}
              data-testid={`admin-tab-${status}`}
            >
              {statusLabel(status)} <span className="count">{count}</span>
            </button>
          );
        })}
      </div>
      <div role="tabpanel" id="admin-panel" aria-labelledby={`tab-${tab}`}>
        {current?.error && (
          <p role="alert" className="error">
            {errorMessage(current.error)}
          </p>
        )}
        {current?.isPending && <p className="muted">Loading…</p>}
        {current?.data?.items.length === 0 && <p className="muted">Nothing {statusLabel(tab)}.</p>}
        <ul className="uploads" data-testid="admin-list">
          {current?.data?.items.map((upload) => {
            const name = upload.title ?? upload.filename;
            return (
              <UploadRow
                key={upload.uploadId}
                upload={upload}
                testId="admin-upload"
                showOwner
                actions={
                  upload.status === "in_review" ? (
                    <ReviewActions uploadId={upload.uploadId} name={name} />
                  ) : upload.status === "ready" ? (
                    <DownloadButton uploadId={upload.uploadId} name={name} />
                  ) : undefined
                }
              />
            );
          })}
        </ul>
        {current?.data?.cursor && <p className="muted small">Showing the newest {countPageSize}.</p>}
      </div>
    </section>
  );
}
