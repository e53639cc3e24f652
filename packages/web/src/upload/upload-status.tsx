// One upload's status, polled every second while the server is still moving it.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { errorMessage } from "../errors";
import { useTRPC } from "../trpc";
import { statusReason } from "../uploads/status-reason";
import { isMoving, statusTone } from "./status";
import { StatusBadge } from "./status-badge";

export function UploadStatus({ uploadId }: { uploadId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(
    trpc.upload.get.queryOptions(
      { uploadId },
      { refetchInterval: (q) => (isMoving(q.state.data?.status) ? 1000 : false) },
    ),
  );
  const status = query.data?.status;

  // The list below shows the same upload; keep it in step.
  useEffect(() => {
    if (status) void queryClient.invalidateQueries(trpc.upload.list.pathFilter());
  }, [status, queryClient, trpc]);

  if (query.error) {
    return (
      <p role="alert" className="error">
        {errorMessage(query.error)}
      </p>
    );
  }
  if (!query.data) return <p className="muted">Loading status…</p>;

  const upload = query.data;
  return (
    <div
      className="upload-status"
      role="status"
      data-testid="upload-status"
      data-status={upload.status}
      data-tone={statusTone(upload.status)}
    >
      <span>
        Status <StatusBadge upload={upload} />
      </span>
      {statusReason(upload) && <span className="reason">{statusReason(upload)}</span>}
    </div>
  );
}
