import { useQuery } from "@tanstack/react-query";
import { errorMessage } from "../errors";
import { formatBytes, formatDate } from "../format";
import { useTRPC } from "../trpc";
import { purposeLabels } from "./purposes";
import { isMoving } from "./status";
import { StatusBadge } from "./status-badge";

export function MyUploads() {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.upload.list.queryOptions(
      { limit: 20 },
      { refetchInterval: (q) => (q.state.data?.items.some((item) => isMoving(item.status)) ? 2000 : false) },
    ),
  );

  return (
    <section className="card" aria-labelledby="my-uploads-title">
      <h2 id="my-uploads-title">My uploads</h2>
      {query.error && (
        <p role="alert" className="error">
          {errorMessage(query.error)}
        </p>
      )}
      {query.isPending && <p className="muted">Loading…</p>}
      {query.data?.items.length === 0 && <p className="muted">Nothing uploaded yet.</p>}
      <ul className="uploads" data-testid="my-uploads">
        {query.data?.items.map((upload) => (
          <li key={upload.uploadId} data-testid="my-upload" data-upload-id={upload.uploadId}>
            <div className="uploads-main">
              <span className="uploads-name">{upload.title ?? upload.filename}</span>
              <StatusBadge status={upload.status} />
            </div>
            <div className="muted small">
              {purposeLabels[upload.purpose]} · {formatBytes(upload.sizeBytes)} · {formatDate(upload.createdAt)}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
