import { type FormEvent, useState } from "react";

export function RejectForm({
  name,
  onReject,
  onCancel,
}: {
  name: string;
  onReject: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState("");
  const id = `reject-reason-${name.replace(/\W+/g, "-")}`;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (reason.trim()) onReject(reason.trim());
  }

  return (
    <form onSubmit={onSubmit} className="stack reject-form" aria-label={`Reject ${name}`}>
      <div className="field">
        <label htmlFor={id}>Reason for rejecting</label>
        <textarea
          id={id}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          required
          maxLength={2000}
          rows={2}
          // biome-ignore lint/a11y/noAutofocus: the field appears because Reject was just pressed; typing the reason is the next step
          autoFocus
          data-testid="reject-reason"
        />
      </div>
      <div className="row">
        <button type="submit" className="danger" disabled={!reason.trim()} data-testid="reject-confirm">
          Reject
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Keep in review
        </button>
      </div>
    </form>
  );
}
