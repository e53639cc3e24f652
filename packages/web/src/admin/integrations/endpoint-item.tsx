// One endpoint: what it hears, how its last delivery went, and what an admin can do with it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { formatDate } from "../../format";
import { useTRPC } from "../../trpc";
import { DeliveryLog } from "./delivery-log";
import { type Endpoint, deliveryStatusWords, eventWords, refusalWords } from "./words";

export function EndpointItem({
  endpoint,
  onSecret,
  onDeleted,
}: {
  endpoint: Endpoint;
  onSecret: (secret: string) => void;
  /** Called with the Delete button before the row disappears, so focus can move on. */
  onDeleted: (from: HTMLElement) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [showLog, setShowLog] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [said, setSaid] = useState<string>();
  const deleteButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.admin.webhooks.pathFilter());

  const update = useMutation(
    trpc.admin.webhooks.update.mutationOptions({
      // The list shows the answer at once, so the switch never flips back while it refetches.
      onSuccess: (updated) =>
        queryClient.setQueryData(
          trpc.admin.webhooks.list.queryKey(),
          (list) => list && { items: list.items.map((e) => (e.endpointId === updated.endpointId ? updated : e)) },
        ),
      onSettled: () => {
        setWanted(undefined);
        return refresh();
      },
    }),
  );
  // What was asked for shows at once, in the same render as the click.
  const [wanted, setWanted] = useState<boolean>();
  const enabled = wanted ?? endpoint.enabled;
  const rotate = useMutation(trpc.admin.webhooks.rotateSecret.mutationOptions());
  const test = useMutation(trpc.admin.webhooks.test.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.admin.webhooks.delete.mutationOptions());
  const failure = [update, rotate, test, remove].find((m) => m.error)?.error;

  useEffect(() => {
    if (confirming) keepButton.current?.focus();
  }, [confirming]);

  function sendTest() {
    setSaid(undefined);
    test.mutate(
      { endpointId: endpoint.endpointId },
      {
        onSuccess: () => {
          setSaid(endpoint.enabled ? "Test event sent." : "Test queued, but a disabled endpoint is sent nothing.");
          setShowLog(true);
        },
      },
    );
  }

  async function confirmDelete() {
    const from = deleteButton.current;
    const done = await remove.mutateAsync({ endpointId: endpoint.endpointId }).catch(() => undefined);
    if (!done) return;
    setConfirming(false);
    if (from) onDeleted(from);
    await refresh();
  }

  const last = endpoint.lastDelivery;
  return (
    <li data-testid="endpoint" data-endpoint-id={endpoint.endpointId} data-enabled={endpoint.enabled}>
      <h3 className="endpoint-url" tabIndex={-1} data-testid="endpoint-url">
        {endpoint.url}
      </h3>
      {endpoint.description && <p className="small endpoint-description">{endpoint.description}</p>}
      <div className="small">
        <span className={`badge badge-${endpoint.enabled ? "ok" : "muted"}`} data-testid="endpoint-state">
          {endpoint.enabled ? "Enabled" : "Disabled"}
        </span>{" "}
        <span className="muted">Added {formatDate(endpoint.createdAt)}</span>
      </div>
      <div className="muted small" data-testid="endpoint-events">
        Hears: {endpoint.events.map((type) => eventWords[type]).join("; ")}
      </div>
      <div className="small" data-testid="endpoint-last">
        Last delivery:{" "}
        {last?.at
          ? `${deliveryStatusWords[last.status as keyof typeof deliveryStatusWords] ?? last.status}${
              last.statusCode ? ` (HTTP ${last.statusCode})` : ""
            }, ${formatDate(last.at)}`
          : "none yet"}
      </div>
      <div className="row actions">
        <label className="check">
          <input
            type="checkbox"
            checked={enabled}
            // Not disabled while saving: a disabled control drops the keyboard focus to the page.
            onChange={(event) => {
              if (wanted !== undefined) return;
              setWanted(event.target.checked);
              update.mutate({ endpointId: endpoint.endpointId, enabled: event.target.checked });
            }}
            data-testid="endpoint-enabled"
          />
          Enabled<span className="visually-hidden"> ({endpoint.url})</span>
        </label>
        <button
          type="button"
          aria-disabled={test.isPending || undefined}
          onClick={() => test.isPending || sendTest()}
          data-testid="endpoint-test"
        >
          Send test<span className="visually-hidden"> to {endpoint.url}</span>
        </button>
        <button
          type="button"
          className="secondary"
          aria-disabled={rotate.isPending || undefined}
          onClick={() =>
            rotate.isPending ||
            rotate.mutate({ endpointId: endpoint.endpointId }, { onSuccess: ({ secret }) => onSecret(secret) })
          }
          data-testid="endpoint-rotate"
        >
          Rotate secret<span className="visually-hidden"> of {endpoint.url}</span>
        </button>
        <button
          type="button"
          className="secondary"
          aria-expanded={showLog}
          aria-controls={`${id}-log`}
          onClick={() => setShowLog((shown) => !shown)}
          data-testid="endpoint-deliveries"
        >
          {showLog ? "Hide deliveries" : "Deliveries"}
          <span className="visually-hidden"> of {endpoint.url}</span>
        </button>
        <button
          type="button"
          className="secondary danger-text"
          ref={deleteButton}
          onClick={() => setConfirming(true)}
          data-testid="endpoint-delete"
        >
          Delete<span className="visually-hidden"> of {endpoint.url}</span>
        </button>
      </div>
      {confirming && (
        <div className="confirm" data-testid="endpoint-delete-confirmation">
          <p>Delete this endpoint? It is sent nothing more, and this cannot be undone.</p>
          <div className="row">
            <button
              type="button"
              className="danger"
              onClick={() => void confirmDelete()}
              data-testid="endpoint-delete-confirm"
            >
              {remove.isPending ? "Deleting…" : "Delete endpoint"}
            </button>
            <button
              type="button"
              className="secondary"
              ref={keepButton}
              onClick={() => {
                setConfirming(false);
                deleteButton.current?.focus();
              }}
              data-testid="endpoint-delete-cancel"
            >
              Keep it
            </button>
          </div>
        </div>
      )}
      <p role="status" className="small" data-testid="endpoint-said">
        {said}
      </p>
      {failure && (
        <p role="alert" className="error" data-testid="endpoint-error">
          {refusalWords(failure)}
        </p>
      )}
      <div id={`${id}-log`} hidden={!showLog}>
        {showLog && <DeliveryLog endpointId={endpoint.endpointId} />}
      </div>
    </li>
  );
}
