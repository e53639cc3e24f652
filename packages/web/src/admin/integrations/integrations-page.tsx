// Webhook endpoints (issue 13): add one and see its secret once, switch it off and on, rotate
// its secret, send a test, read and replay its deliveries, delete it.
import { useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { focusNeighbour } from "../../layout/focus";
import { QueryState } from "../../layout/query-state";
import { useTRPC } from "../../trpc";
import { EndpointForm } from "./endpoint-form";
import { EndpointItem } from "./endpoint-item";
import { SecretShown, type ShownSecret } from "./secret-shown";

const headingOf = (endpointId: string) =>
  document.querySelector<HTMLElement>(`[data-endpoint-id="${endpointId}"] [data-testid="endpoint-url"]`);

export function IntegrationsPage() {
  const trpc = useTRPC();
  const endpoints = useQuery(trpc.admin.webhooks.list.queryOptions(undefined, { refetchInterval: 15_000 }));
  const [shown, setShown] = useState<ShownSecret>();
  const addTitle = useRef<HTMLHeadingElement>(null);
  const items = endpoints.data?.items ?? [];

  async function created(endpoint: { endpointId: string; url: string; secret: string }) {
    await endpoints.refetch();
    setShown({ ...endpoint, rotated: false });
  }

  function done() {
    const endpointId = shown?.endpointId;
    setShown(undefined);
    // Back to the endpoint the secret belongs to, which is now in the list.
    requestAnimationFrame(() => ((endpointId && headingOf(endpointId)) || addTitle.current)?.focus());
  }

  return (
    <>
      <section className="card integrations" aria-labelledby="integrations-title">
        <h2 id="integrations-title">Integrations</h2>
        <p className="muted small">
          Webhook endpoints are told when a document is ready, waits for review, is rejected, blocked or could not be
          checked. Each request is signed with the endpoint's secret.
        </p>
        {shown && <SecretShown key={shown.secret} shown={shown} onDone={done} />}
        <QueryState query={endpoints} />
        {endpoints.isSuccess && items.length === 0 && (
          <p className="muted" data-testid="endpoints-empty">
            No endpoints yet: add one below.
          </p>
        )}
        <ul className="endpoints" data-testid="endpoints">
          {items.map((endpoint) => (
            <EndpointItem
              key={endpoint.endpointId}
              endpoint={endpoint}
              onSecret={(secret) =>
                setShown({ endpointId: endpoint.endpointId, url: endpoint.url, secret, rotated: true })
              }
              onDeleted={(from) => {
                if (shown?.endpointId === endpoint.endpointId) setShown(undefined);
                focusNeighbour(from, () => addTitle.current);
              }}
            />
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="add-endpoint-title">
        <h2 id="add-endpoint-title" tabIndex={-1} ref={addTitle}>
          Add an endpoint
        </h2>
        <EndpointForm onCreated={(endpoint) => void created(endpoint)} />
      </section>
    </>
  );
}
