import { useState } from "react";
import { useDecisionsContext } from "./decisions-context";
import { RejectForm } from "./reject-form";

/** Approve, or reject with a reason, one upload in review (each can be undone for a few seconds). */
export function ReviewActions({ uploadId, name, onDecided }: { uploadId: string; name: string; onDecided?: () => void }) {
  const decisions = useDecisionsContext();
  const [rejecting, setRejecting] = useState(false);

  function decide(verdict: "approve" | "reject", reason?: string) {
    decisions.decide([{ uploadId, name, verdict, reason }]);
    onDecided?.();
  }

  if (rejecting) {
    return <RejectForm name={name} onCancel={() => setRejecting(false)} onReject={(reason) => decide("reject", reason)} />;
  }
  return (
    <>
      <button type="button" onClick={() => decide("approve")} aria-label={`Approve ${name}`} data-testid="approve">
        Approve
      </button>
      <button type="button" className="secondary" onClick={() => setRejecting(true)} aria-label={`Reject ${name}`} data-testid="reject">
        Reject…
      </button>
    </>
  );
}
