import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { DownloadButton } from "../downloads/download-button";
import { errorMessage } from "../errors";
import { useTRPC } from "../trpc";
import { RejectForm } from "./reject-form";

/** Approve, or reject with a reason, one upload in review; every admin list refreshes after. */
export function ReviewActions({ uploadId, name }: { uploadId: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const refresh = () => Promise.all([
    queryClient.invalidateQueries(trpc.admin.list.pathFilter()),
    queryClient.invalidateQueries(trpc.library.list.pathFilter()),
  ]);
  const approve = useMutation(trpc.admin.approve.mutationOptions({ onSettled: refresh }));
  const reject = useMutation(trpc.admin.reject.mutationOptions({ onSettled: refresh }));
  const busy = approve.isPending || reject.isPending;
  const error = approve.error ?? reject.error;

  return (
    <>
      {rejecting ? (
        <RejectForm
          name={name}
          busy={busy}
          onCancel={() => setRejecting(false)}
          onReject={(reason) => reject.mutate({ uploadId, reason })}
        />
      ) : (
        <>
          <button type="button" disabled={busy} onClick={() => approve.mutate({ uploadId })} aria-label={`Approve ${name}`} data-testid="approve">
            Approve
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => setRejecting(true)} aria-label={`Reject ${name}`} data-testid="reject">
            Reject…
          </button>
          <DownloadButton uploadId={uploadId} name={name} />
        </>
      )}
      {error && (
        <span role="alert" className="error-inline">
          {errorMessage(error)}
        </span>
      )}
    </>
  );
}
