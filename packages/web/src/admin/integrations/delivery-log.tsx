// One endpoint's deliveries, newest first: each attempt's answer, how long it took, what comes next.
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { formatDate } from "../../format";
import { QueryState } from "../../layout/query-state";
import { ShowMore } from "../../layout/show-more";
import { useTRPC } from "../../trpc";
import { attemptErrorWords, type Delivery, deliveryStatusWords, deliveryTone, refusalWords } from "./words";

export function DeliveryLog({ endpointId }: { endpointId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useInfiniteQuery(
    trpc.admin.webhooks.deliveries.infiniteQueryOptions(
      { endpointId, limit: 10 },
      {
        getNextPageParam: (page) => page.cursor ?? undefined,
        // A pending delivery is about to be attempted: follow it until it settles.
        refetchInterval: (query) =>
          query.state.data?.pages.some((page) => page.items.some((d) => d.status === "pending")) ? 1_500 : 15_000,
      },
    ),
  );
  const replay = useMutation(
    trpc.admin.webhooks.replay.mutationOptions({
      onSettled: () => queryClient.invalidateQueries(trpc.admin.webhooks.pathFilter()),
    }),
  );
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  // An attempt recorded here also changes the endpoint's "last delivery": refresh it with the log.
  const progress = items.map((d) => `${d.status}${d.attempts}`).join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when an attempt is recorded
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.admin.webhooks.list.queryKey() });
  }, [progress]);

  return (
    <div className="deliveries" data-testid="delivery-log">
      <QueryState query={query} />
      {query.isSuccess && items.length === 0 && <p className="muted small">Nothing sent to it yet.</p>}
      {replay.error && (
        <p role="alert" className="error">
          {refusalWords(replay.error)}
        </p>
      )}
      <ul className="delivery-list">
        {items.map((delivery) => (
          <DeliveryRow
            key={delivery.deliveryId}
            delivery={delivery}
            replaying={replay.isPending && replay.variables?.deliveryId === delivery.deliveryId}
            onReplay={() => replay.mutate({ deliveryId: delivery.deliveryId })}
          />
        ))}
      </ul>
      <ShowMore query={query} label="Show older deliveries" />
    </div>
  );
}

function DeliveryRow({
  delivery,
  replaying,
  onReplay,
}: {
  delivery: Delivery;
  replaying: boolean;
  onReplay: () => void;
}) {
  const when = formatDate(delivery.lastAttemptAt ?? delivery.createdAt);
  return (
    <li data-testid="delivery" data-delivery-id={delivery.deliveryId} data-status={delivery.status}>
      <div className="uploads-main">
        <code>{delivery.type}</code>
        <span className={`badge badge-${deliveryTone[delivery.status]}`} data-testid="delivery-status">
          {deliveryStatusWords[delivery.status]}
        </span>
      </div>
      <div className="small delivery-facts">
        <span className="fact" data-testid="delivery-code">
          {delivery.lastStatusCode ? `HTTP ${delivery.lastStatusCode}` : "No answer"}
        </span>{" "}
        ·{" "}
        <span className="fact" data-testid="delivery-duration">
          {delivery.lastDurationMs !== undefined ? `${delivery.lastDurationMs} ms` : "not tried yet"}
        </span>{" "}
        ·{" "}
        <span className="fact" data-testid="delivery-attempts">
          {delivery.attempts === 1 ? "1 attempt" : `${delivery.attempts} attempts`}
        </span>{" "}
        · <span className="fact">{when}</span>
      </div>
      {delivery.nextAttemptAt && (
        <div className="small" data-testid="delivery-next">
          Next try {formatDate(delivery.nextAttemptAt)}
        </div>
      )}
      {delivery.lastError && (
        <div className="small reason" data-testid="delivery-error">
          {attemptErrorWords(delivery.lastError)}
        </div>
      )}
      <div className="row actions">
        <button
          type="button"
          className="secondary"
          aria-disabled={replaying || undefined}
          onClick={() => replaying || onReplay()}
          aria-label={`Replay ${delivery.type} of ${when}`}
          data-testid="delivery-replay"
        >
          {replaying ? "Replaying…" : "Replay"}
        </button>
      </div>
    </li>
  );
}
