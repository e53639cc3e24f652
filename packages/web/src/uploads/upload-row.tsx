import type { ReactNode } from "react";
import { formatBytes, formatDate } from "../format";
import type { UploadInfo } from "../trpc";
import { purposeLabels } from "../upload/purposes";
import { StatusBadge } from "../upload/status-badge";
import { statusReason } from "./status-reason";
import { displayName } from "./display-name";
import { documentSummary, invoiceSummary } from "./processing-facts";

/** One upload as a list row: name, badge, reason, facts, and whatever actions the page offers. */
export function UploadRow({
  upload,
  actions,
  testId,
  showOwner = false,
}: {
  upload: UploadInfo;
  actions?: ReactNode;
  testId: string;
  showOwner?: boolean;
}) {
  const reason = statusReason(upload);
  const summary = documentSummary(upload.processing);
  const invoice = invoiceSummary(upload.processing);
  return (
    <li data-testid={testId} data-upload-id={upload.uploadId} data-status={upload.status}>
      <div className="uploads-main">
        <span className="uploads-name">{displayName(upload)}</span>
        <StatusBadge upload={upload} />
      </div>
      {upload.author && <div className="small">by {upload.author}</div>}
      {reason && (
        <div className="small reason" data-testid="status-reason">
          {reason}
        </div>
      )}
      <div className="muted small">
        {purposeLabels[upload.purpose]} · {upload.filename}
        {showOwner && <> · from {upload.ownerId}</>} · <span className="fact">{formatBytes(upload.sizeBytes)}</span> ·{" "}
        <span className="fact">{formatDate(upload.createdAt)}</span>
        {summary && (
          <>
            {" "}
            ·{" "}
            <span className="fact" data-testid="document-summary">
              {summary}
            </span>
          </>
        )}
      </div>
      {invoice && (
        <div className="small" data-testid="invoice-summary">
          {invoice}
        </div>
      )}
      {actions && <div className="row actions">{actions}</div>}
    </li>
  );
}
