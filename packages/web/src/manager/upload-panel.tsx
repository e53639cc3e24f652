// The tab's uploads on every page: a summary line, Retry all and Clear finished, and each
// file; collapsible so it can be kept out of the way. Mounted once, above the routes: it
// also arms the leave guard and refuses stray drops on every page.
import { useId, useState } from "react";
import { PanelEntry } from "./panel-entry";
import { summaryText, totals } from "./summary";
import { useIgnoreStrayDrops, useLeaveGuard, useQueueSnapshot, useUploadQueue } from "./upload-manager";

export function UploadPanel() {
  const queue = useUploadQueue();
  const { entries, waitSeconds } = useQueueSnapshot();
  useLeaveGuard(queue);
  useIgnoreStrayDrops();
  const [open, setOpen] = useState(true);
  const listId = useId();
  if (entries.length === 0) return null;
  const failed = entries.some((entry) => entry.state === "failed");
  const finished = entries.some((entry) => entry.state === "done" || entry.state === "cancelled");
  return (
    <section className="card upload-panel" aria-label="Uploads" data-testid="upload-panel">
      <div className="upload-panel-head">
        <button
          type="button"
          className="link"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen(!open)}
          data-testid="upload-panel-toggle"
        >
          Uploads
        </button>
        <span className="muted" data-testid="upload-summary" aria-live="polite">
          {summaryText(totals(entries))}
        </span>
        {waitSeconds !== undefined && (
          <span className="badge badge-warn" data-testid="upload-wait">
            Upload limit reached: next start in {waitSeconds} s
          </span>
        )}
        <span className="row upload-panel-actions">
          {failed && (
            <button type="button" onClick={() => queue.retryAll()} data-testid="upload-retry-all">
              Retry all
            </button>
          )}
          {finished && (
            <button
              type="button"
              className="secondary"
              onClick={() => queue.clearFinished()}
              data-testid="upload-clear"
            >
              Clear finished
            </button>
          )}
        </span>
      </div>
      <ol id={listId} className="queue" aria-label="Upload queue" data-testid="upload-queue" hidden={!open}>
        {entries.map((entry) => (
          <PanelEntry key={entry.key} entry={entry} waitSeconds={waitSeconds} />
        ))}
      </ol>
    </section>
  );
}
