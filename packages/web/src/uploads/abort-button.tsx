import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorMessage } from "../errors";
import { useTRPC } from "../trpc";

export function AbortButton({ uploadId, name }: { uploadId: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const abort = useMutation(
    trpc.upload.abort.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.upload.list.pathFilter()),
    }),
  );
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={abort.isPending}
        onClick={() => abort.mutate({ uploadId })}
        aria-label={`Abort ${name}`}
        data-testid="abort"
      >
        Abort
      </button>
      {abort.error && (
        <span role="alert" className="error-inline">
          {errorMessage(abort.error)}
        </span>
      )}
    </>
  );
}
