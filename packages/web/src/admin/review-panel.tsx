// One upload in full: what its owner said, what the scanner found, the file, and the decision.
import type { Verdict } from "@intake/core/scan/verdict";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useEffect, useRef } from "react";
import { DownloadButton } from "../downloads/download-button";
import { formatBytes, formatDate } from "../format";
import { type UploadInfo, useTRPC } from "../trpc";
import { typeName } from "../upload/file-problem";
import { purposeLabels } from "../upload/purposes";
import { isMoving } from "../upload/status";
import { StatusBadge } from "../upload/status-badge";
import { processingRows } from "../uploads/processing-facts";
import { statusReason } from "../uploads/status-reason";
import { FailedActions } from "./failed-actions";
import { FilePreview } from "./file-preview";
import { ReviewActions } from "./review-actions";
import { QueryState } from "../layout/query-state";
import { displayName } from "../uploads/display-name";

const verdictText = {
  clean: "Clean: no virus found, and the content matches its type",
  infected: "Infected",
  forbidden_type: "Refused: a kind of file that is never accepted",
  type_mismatch: "Refused: the content is not the declared type",
  unscannable: "Refused: the scanner could not look inside (encrypted, or past its limits)",
} as const satisfies Record<Verdict, string>;

export function ReviewPanel({ uploadId, onClose }: { uploadId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.upload.get.queryOptions(
      { uploadId },
      { refetchInterval: (q) => (isMoving(q.state.data?.status) ? 1000 : false) },
    ),
  );
  const upload = query.data;
  const name = upload ? displayName(upload) : "Upload";
  const title = useRef<HTMLHeadingElement>(null);

  // Details replaced the list: focus lands on what replaced it.
  useEffect(() => title.current?.focus(), []);

  return (
    <article aria-labelledby="review-title" data-testid="review-panel" className="review">
      <button type="button" className="link back" onClick={onClose} data-testid="review-back">
        ← Back to the list
      </button>
      <div className="uploads-main">
        <h3 id="review-title" className="uploads-name" tabIndex={-1} ref={title}>
          {name}
        </h3>
        {upload && <StatusBadge upload={upload} />}
      </div>
      <QueryState query={query} />
      {upload && (
        <div className="review-layout">
          <div className="review-side" data-testid="review-decision">
            <div className="row actions">
              <ReviewActions upload={upload} name={name} onDecided={onClose} />
              <FailedActions
                upload={upload}
                name={name}
                onDone={(_, what) => (what === "purged" ? onClose() : title.current?.focus())}
              />
              {upload.can.download && <DownloadButton uploadId={upload.uploadId} name={name} />}
            </div>
            <Facts upload={upload} />
          </div>
          <div className="review-preview" data-testid="review-preview">
            <FilePreview upload={upload} />
          </div>
        </div>
      )}
    </article>
  );
}

function Facts({ upload }: { upload: UploadInfo }) {
  const reason = statusReason(upload);
  const rows: [string, ReactNode][] = [
    ["Author", upload.author],
    ["Description", upload.description && <span className="description">{upload.description}</span>],
    ["Purpose", purposeLabels[upload.purpose]],
    ["File name", upload.filename],
    ["Size", formatBytes(upload.sizeBytes)],
    ["Declared type", typeName(upload.contentType)],
    ["Real type", upload.scan?.detectedType && typeName(upload.scan.detectedType)],
    ["Scan", upload.scan ? verdictText[upload.scan.verdict] : "Not scanned yet"],
    ["Signatures", upload.scan?.signatures?.join(", ")],
    ...processingRows(upload.processing),
    ["Status", reason],
    ["Owner", upload.ownerId],
    ["Uploaded", formatDate(upload.createdAt)],
    ["Last change", formatDate(upload.updatedAt)],
  ];
  return (
    <dl className="facts" data-testid="review-facts">
      {rows
        .filter(([, value]) => value)
        .map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd data-fact={label}>{value}</dd>
          </div>
        ))}
    </dl>
  );
}
