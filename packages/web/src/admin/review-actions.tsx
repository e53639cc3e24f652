import { useRef, useState } from "react";
import type { UploadInfo } from "../trpc";
import { useDecisionsContext } from "./decisions-context";
import { RejectForm } from "./reject-form";

/** Approve, or reject with a reason, whichever the upload allows (each can be undone for a few seconds). */
export function ReviewActions({
  upload,
  name,
  onDecided,
}: {
  upload: Pick<UploadInfo, "uploadId" | "can">;
  name: string;
  /** Called before the upload disappears, with the control that had focus. */
  onDecided?: (from: HTMLElement) => void;
}) {
  const { uploadId, can } = upload;
  const decisions = useDecisionsContext();
  const [rejecting, setRejecting] = useState(false);
  const rejectButton = useRef<HTMLButtonElement>(null);

  function decide(from: HTMLElement, verdict: "approve" | "reject", reason?: string) {
    onDecided?.(from);
    decisions.decide([{ uploadId, name, verdict, reason }]);
  }

  if (rejecting && can.reject) {
    return (
      <RejectForm
        name={name}
        onCancel={() => {
          setRejecting(false);
          requestAnimationFrame(() => rejectButton.current?.focus());
        }}
        onReject={(reason, from) => decide(from, "reject", reason)}
      />
    );
  }
  return (
    <>
      {can.approve && (
        <button
          type="button"
          onClick={(event) => decide(event.currentTarget, "approve")}
          aria-label={`Approve ${name}`}
          data-testid="approve"
        >
          Approve
        </button>
      )}
      {can.reject && (
        <button
          ref={rejectButton}
          type="button"
          className="secondary"
          onClick={() => setRejecting(true)}
          aria-label={`Reject ${name}`}
          data-testid="reject"
        >
          Reject…
        </button>
      )}
    </>
  );
}
