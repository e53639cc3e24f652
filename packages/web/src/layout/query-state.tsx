import { errorMessage } from "../errors";

/** What a page shows while its data loads, or why it could not. */
export function QueryState({ query }: { query: { error: unknown; isPending: boolean } }) {
  if (query.error) {
    return (
      <p role="alert" className="error">
        {errorMessage(query.error)}
      </p>
    );
  }
  return query.isPending ? <p className="muted">Loading…</p> : null;
}
