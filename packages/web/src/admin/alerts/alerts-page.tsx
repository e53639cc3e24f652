// Security alerts (issue 13): every quarantined file, and every webhook endpoint switched off for
// failing, newest first; the same facts the alerts topic publishes.
import { useInfiniteQuery } from "@tanstack/react-query";
import { formatDate, typeInWords } from "../../format";
import { QueryState } from "../../layout/query-state";
import { ShowMore } from "../../layout/show-more";
import { type Outputs, useTRPC } from "../../trpc";
import { type PurposeName, purposeLabels } from "../../upload/purposes";
import { statusWords } from "../../upload/status";

type Alert = Outputs["admin"]["alerts"]["list"]["items"][number];

export function AlertsPage() {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.admin.alerts.list.infiniteQueryOptions(
      { limit: 20 },
      { getNextPageParam: (page) => page.cursor ?? undefined, refetchInterval: 15_000 },
    ),
  );
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Security alerts</h2>
      <p className="muted small">
        Every blocked file, and every webhook endpoint switched off after failing for days, newest first.
      </p>
      <QueryState query={query} />
      {query.isSuccess && items.length === 0 && (
        <p className="muted" data-testid="alerts-empty">
          No alerts: nothing has been blocked.
        </p>
      )}
      <ul className="uploads alerts" data-testid="alerts">
        {items.map((alert) => (
          <AlertRow key={alert.alertId} alert={alert} />
        ))}
      </ul>
      <ShowMore query={query} label="Show older" />
    </section>
  );
}

function AlertRow({ alert }: { alert: Alert }) {
  if (alert.kind === "endpoint_disabled") {
    return (
      <li data-testid="alert" data-alert-id={alert.alertId} data-kind={alert.kind} data-created-at={alert.createdAt}>
        <div className="uploads-main">
          <span className="uploads-name break">Webhook endpoint switched off: {alert.url}</span>
          <span className="badge badge-warn">Endpoint</span>
        </div>
        {alert.reason && <div className="small reason">Because {alert.reason}</div>}
        <div className="muted small">{formatDate(alert.createdAt)}</div>
      </li>
    );
  }
  const purpose = purposeLabels[alert.purpose as PurposeName] ?? alert.purpose;
  return (
    <li
      data-testid="alert"
      data-alert-id={alert.alertId}
      data-kind={alert.kind}
      data-created-at={alert.createdAt}
      data-upload-id={alert.uploadId}
    >
      <div className="uploads-main">
        <span className="uploads-name" data-testid="alert-reason">
          {statusWords({ status: "quarantined", statusReason: alert.reason })}
        </span>
        <span className="badge badge-bad">Quarantined</span>
      </div>
      {(alert.signatures?.length ?? 0) > 0 && (
        <div className="small reason" data-testid="alert-signatures">
          Found: {alert.signatures?.join(", ")}
        </div>
      )}
      {!alert.signatures?.length && alert.detectedType && (
        <div className="small reason" data-testid="alert-detected">
          It is {typeInWords(alert.detectedType)}
        </div>
      )}
      <div className="muted small">
        {purpose} · from <span data-testid="alert-owner">{alert.ownerId}</span> · upload{" "}
        <code className="break" data-testid="alert-upload">
          {alert.uploadId}
        </code>{" "}
        · <span className="fact">{formatDate(alert.createdAt)}</span>
      </div>
    </li>
  );
}
