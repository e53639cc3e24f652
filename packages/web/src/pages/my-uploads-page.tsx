import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DownloadButton } from "../downloads/download-button";
import { type UploadStatus, useTRPC } from "../trpc";
import { isMoving } from "../upload/status";
import { AbortButton } from "../uploads/abort-button";
import { StatusFilter } from "../uploads/status-filter";
import { UploadRow } from "../uploads/upload-row";
import { LiveUploads } from "../manager/live-uploads";
import { ShowMore } from "../layout/show-more";
import { QueryState } from "../layout/query-state";
import { displayName } from "../uploads/display-name";
import { EmptyState } from "../uploads/empty-state";

export function MyUploadsPage() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<UploadStatus>();
  const query = useInfiniteQuery(
    trpc.upload.list.infiniteQueryOptions(
      { status, limit: 20 },
      {
        getNextPageParam: (page) => page.cursor ?? undefined,
        // Poll only while the server is still moving something; stop once all have settled.
        refetchInterval: (q) =>
          q.state.data?.pages.some((page) => page.items.some((item) => isMoving(item.status))) ? 2000 : false,
      },
    ),
  );
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="card" aria-labelledby="my-uploads-title">
      <div className="card-head">
        <h2 id="my-uploads-title">My uploads</h2>
        <StatusFilter value={status} onChange={setStatus} />
      </div>
      <LiveUploads />
      <QueryState query={query} />
      {query.isSuccess && items.length === 0 && (
        <EmptyState status={status} everything="Nothing here yet." onShowAll={() => setStatus(undefined)} />
      )}
      <ul className="uploads" data-testid="my-uploads" aria-live="polite">
        {items.map((upload) => {
          const name = displayName(upload);
          return (
            <UploadRow
              key={upload.uploadId}
              upload={upload}
              testId="my-upload"
              actions={
                upload.can.download || upload.can.abort ? (
                  <>
                    {upload.can.download && <DownloadButton uploadId={upload.uploadId} name={name} />}
                    {upload.can.abort && <AbortButton uploadId={upload.uploadId} name={name} />}
                  </>
                ) : undefined
              }
            />
          );
        })}
      </ul>
      <ShowMore query={query} label="Show older uploads" />
    </section>
  );
}
