// A secret, shown once: after "Done" nobody can read it again, only rotate it.
import { useEffect, useRef, useState } from "react";

export interface ShownSecret {
  endpointId: string;
  url: string;
  secret: string;
  rotated: boolean;
}

export function SecretShown({ shown, onDone }: { shown: ShownSecret; onDone: () => void }) {
  const title = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<"yes" | "no">();
  useEffect(() => title.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(shown.secret);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  }

  return (
    <section className="secret" aria-labelledby="secret-title" data-testid="secret-shown">
      <h3 id="secret-title" tabIndex={-1} ref={title}>
        {shown.rotated ? "New signing secret" : "Endpoint added: its signing secret"}
      </h3>
      <p className="small">
        For <span className="break">{shown.url}</span>. Copy it now: it is shown only this once.
        {shown.rotated && " The old secret keeps working for 24 hours, so the receiver can switch over."}
      </p>
      <code className="secret-value" data-testid="secret-value">
        {shown.secret}
      </code>
      <div className="row">
        <button type="button" onClick={() => void copy()} data-testid="secret-copy">
          Copy secret
        </button>
        <button type="button" className="secondary" onClick={onDone} data-testid="secret-done">
          Done
        </button>
        <span role="status" className="small" data-testid="secret-copied">
          {copied === "yes" && "Copied"}
          {copied === "no" && "Could not copy: select the secret and copy it by hand."}
        </span>
      </div>
    </section>
  );
}
