// A tablist that follows the ARIA pattern: one tab stop, arrow keys (and Home/End) move between tabs.
import { type KeyboardEvent, useRef } from "react";
import { type AdminTab, adminTabs, tabLabel } from "./admin-tabs";

export function StatusTabs({
  tab,
  counts,
  onSelect,
}: {
  tab: AdminTab;
  counts: (tab: AdminTab) => number | undefined;
  onSelect: (tab: AdminTab) => void;
}) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  function onKeyDown(event: KeyboardEvent) {
    const current = adminTabs.indexOf(tab);
    const last = adminTabs.length - 1;
    const next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const index = (next + adminTabs.length) % adminTabs.length;
    onSelect(adminTabs[index]!);
    buttons.current[index]?.focus();
  }

  return (
    <div role="tablist" aria-label="Uploads by status" className="tabs" onKeyDown={onKeyDown}>
      {adminTabs.map((status, i) => {
        const count = counts(status);
        return (
          <button
            key={status}
            ref={(button) => {
              buttons.current[i] = button;
            }}
            type="button"
            role="tab"
            id={`tab-${status}`}
            aria-selected={status === tab}
            aria-controls="admin-panel"
            tabIndex={status === tab ? 0 : -1}
            className="tab"
            onClick={() => onSelect(status)}
            data-testid={`admin-tab-${status}`}
          >
            {tabLabel(status)} <span className="count">{count ?? "…"}</span>
          </button>
        );
      })}
    </div>
  );
}
