import type { Batch, Decisions } from "./use-decisions";

function summary({ decisions }: Batch): string {
  const verdict = decisions[0]?.verdict === "approve" ? "Approved" : "Rejected";
  return decisions.length === 1 ? `${verdict} “${decisions[0]!.name}”.` : `${verdict} ${decisions.length} uploads.`;
}

/** Decisions waiting to be sent, each with its undo, and any the server refused. */
export function UndoBar({ decisions }: { decisions: Decisions }) {
  const { batches, failures } = decisions;
  return (
    <div className="toasts">
      <div role="status" aria-live="polite">
        {batches.map((batch) => (
          <div key={batch.id} className="toast" data-testid="decision-toast">
            <span>{summary(batch)}</span>
            {batch.sending ? (
              <span className="muted small">Saving…</span>
            ) : (
              <button type="button" className="secondary" onClick={() => decisions.undo(batch.id)} data-testid="undo">
                Undo
              </button>
            )}
          </div>
        ))}
      </div>
      {failures.length > 0 && (
        <div role="alert" className="toast toast-error" data-testid="decision-failures">
          <ul>
            {failures.map((failure, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is only ever replaced whole, and two refusals may read the same
              <li key={i}>{failure}</li>
            ))}
          </ul>
          <button type="button" className="secondary" onClick={decisions.dismissFailures}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
