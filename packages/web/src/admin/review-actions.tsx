import { useState } from "react";
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
  onDecided?: () => void;
}) {
  const { uploadId, can } = upload;
  const decisions = useDecisionsContext();
  const [rejecting, setRejecting] = useState(false);

  function decide(verdict: "approve" | "reject", reason?: string) {
    decisions.decide([{ uploadId, name, verdict, reason }]);
    onDecided?.();
  }

  if (rejecting && can.reject) {
    return (
      <RejectForm name={name} onCancel={() => setRejecting(false)} onReject={(reason) => decide("reject", reason)} />
    );
  }
  return (
    <>
      {can.approve && (
        <button type="button" onClick={() => decide("approve")} aria-label={`Approve ${name}`} data-testid="approve">
          Approve
        </button>
      )}
      {can.reject && (
        <button
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
