import { type FormEvent, useRef, useState } from "react";

/** What reviewers say most often: one press fills the reason, which can still be edited. */
export const readyReasons = [
  "Not a book",
  "The scan is unreadable or pages are missing",
  "Title or author does not match the file",
  "Already in the library",
  "We may not share it (copyright)",
] as const;

export function RejectForm({
  name,
  onReject,
  onCancel,
}: {
  name: string;
  onReject: (reason: string, from: HTMLElement) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState("");
  const field = useRef<HTMLTextAreaElement>(null);
  const id = `reject-reason-${name.replace(/\W+/g, "-")}`;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason.trim()) onReject(reason.trim(), event.currentTarget);
  }

  return (
    <form onSubmit={onSubmit} className="stack reject-form" aria-label={`Reject ${name}`}>
      <fieldset className="ready-reasons">
        <legend>Common reasons</legend>
        <div className="row">
          {readyReasons.map((text) => (
            <button
              key={text}
              type="button"
              className="chip"
              aria-pressed={reason === text}
              onClick={() => {
                setReason(text);
                field.current?.focus();
              }}
              data-testid="ready-reason"
            >
              {text}
            </button>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={id}>Reason for rejecting (the uploader sees it)</label>
        <textarea
          ref={field}
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
