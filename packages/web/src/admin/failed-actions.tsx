// Quarantined and failed uploads: delete for good (after a confirmation), and re-scan a failed one.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { errorMessage } from "../errors";
import { type UploadInfo, useTRPC } from "../trpc";

export function FailedActions({
  upload,
  name,
  onDone,
}: {
  upload: Pick<UploadInfo, "uploadId" | "can">;
  name: string;
  /** After the upload left this status: `from` is the control that had focus. */
  onDone: (from: HTMLElement, what: "purged" | "retried") => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const deleteButton = useRef<HTMLButtonElement>(null);
  // One invalidation: counts and lists refresh together.
  const refresh = () => queryClient.invalidateQueries(trpc.admin.pathFilter());
  const purge = useMutation(trpc.admin.purge.mutationOptions());
  const retry = useMutation(trpc.admin.retry.mutationOptions());
  const { uploadId, can } = upload;
  if (!can.purge && !can.retry) return null;

  async function act(from: HTMLElement, what: "purged" | "retried") {
    const mutation = what === "purged" ? purge : retry;
    try {
      await mutation.mutateAsync({ uploadId });
    } catch {
      return; // shown below
    }
    onDone(from, what);
    await Promise.all([refresh(), queryClient.invalidateQueries(trpc.upload.get.queryFilter({ uploadId }))]);
  }

  const failure = purge.error ?? retry.error;
  return (
    <>
      {confirming ? (
        // biome-ignore lint/a11y/useSemanticElements: a group of two buttons, not a form to submit
        <div className="confirm" role="group" aria-labelledby={`confirm-${uploadId}`} data-testid="purge-confirmation">
          <p id={`confirm-${uploadId}`}>
            Delete “{name}” for good? Its file and its record are removed; this cannot be undone.
          </p>
          <div className="row">
            <button
              type="button"
              className="danger"
              disabled={purge.isPending}
              onClick={(event) => void act(event.currentTarget, "purged")}
              data-testid="purge-confirm"
            >
              {purge.isPending ? "Deleting…" : "Delete for good"}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => deleteButton.current?.focus());
              }}
              // biome-ignore lint/a11y/noAutofocus: the question appears because Delete was just pressed; keeping the file is the safe answer
              autoFocus
              data-testid="purge-cancel"
            >
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <>
          {can.retry && (
            <button
              type="button"
              disabled={retry.isPending}
              onClick={(event) => void act(event.currentTarget, "retried")}
              aria-label={`Try again: ${name}`}
              data-testid="retry"
            >
              {retry.isPending ? "Sending…" : "Try again"}
            </button>
          )}
          {can.purge && (
            <button
              ref={deleteButton}
              type="button"
              className="secondary danger-text"
              onClick={() => setConfirming(true)}
              aria-label={`Delete for good: ${name}`}
              data-testid="purge"
            >
              Delete for good
            </button>
          )}
        </>
      )}
      {failure && (
        <span role="alert" className="error-inline">
          {errorMessage(failure)}
        </span>
      )}
    </>
  );
}
