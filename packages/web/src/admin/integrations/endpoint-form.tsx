// A new endpoint: its URL, the events it hears, a note for people; the secret comes back once.
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { useTRPC } from "../../trpc";
import { type EventType, eventWords, refusalWords, subscribable } from "./words";

export function EndpointForm({
  onCreated,
}: {
  onCreated: (created: { endpointId: string; url: string; secret: string }) => void;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<ReadonlySet<EventType>>(new Set(subscribable));
  const create = useMutation(trpc.admin.webhooks.create.mutationOptions());

  function toggle(type: EventType, on: boolean) {
    setEvents((current) => {
      const next = new Set(current);
      if (on) next.add(type);
      else next.delete(type);
      return next;
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    const chosen = subscribable.filter((type) => events.has(type));
    const created = await create
      .mutateAsync({ url: url.trim(), events: chosen, description: description.trim() || undefined })
      .catch(() => undefined);
    if (!created) return;
    onCreated({ ...created, url: url.trim() });
    setUrl("");
    setDescription("");
    setEvents(new Set(subscribable));
    create.reset();
  }

  const refusal = create.error ? refusalWords(create.error) : undefined;
  return (
    <form className="stack" onSubmit={submit} noValidate data-testid="endpoint-form">
      <div className="field">
        <label htmlFor={`${id}-url`}>Endpoint URL</label>
        <input
          id={`${id}-url`}
          type="url"
          inputMode="url"
          autoComplete="off"
          placeholder="https://example.com/webhooks/intake"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          aria-invalid={refusal ? true : undefined}
          aria-describedby={refusal ? `${id}-refusal` : `${id}-url-help`}
          data-testid="endpoint-url-input"
          required
        />
        <span id={`${id}-url-help`} className="muted small">
          Must be https and reach a public address.
        </span>
      </div>
      <fieldset className="events-choice">
        <legend>Events to send</legend>
        {subscribable.map((type) => (
          <label key={type} className="check">
            <input
              type="checkbox"
              checked={events.has(type)}
              onChange={(event) => toggle(type, event.target.checked)}
              data-testid={`event-${type}`}
            />
            {eventWords[type]} <code className="muted small">{type}</code>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-description`}>
          Description <span className="muted">(optional)</span>
        </label>
        <input
          id={`${id}-description`}
          maxLength={500}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          data-testid="endpoint-description-input"
        />
      </div>
      {refusal && (
        <p id={`${id}-refusal`} role="alert" className="error" data-testid="endpoint-refusal">
          {refusal}
        </p>
      )}
      <div className="row">
        <button type="submit" aria-disabled={create.isPending || undefined} data-testid="endpoint-create">
          {create.isPending ? "Adding…" : "Add endpoint"}
        </button>
      </div>
    </form>
  );
}
