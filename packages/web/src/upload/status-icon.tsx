import type { Icon } from "./status";

/** 16 px line icons drawn in the current colour; decorative, the words beside them say it all. */
const paths: Record<Icon, string> = {
  clock: "M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM8 4v4l2.5 2",
  scan: "M7 2.5a4.5 4.5 0 1 0 0 9 4.5 4.5 0 0 0 0-9ZM10.3 10.3 14 14",
  gear: "M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5ZM8 1v2M8 13v2M1 8h2M13 8h2M3 3l1.4 1.4M11.6 11.6 13 13M3 13l1.4-1.4M11.6 4.4 13 3",
  hourglass: "M4 1.5h8M4 14.5h8M5 1.5c0 4 6 4.5 6 6.5s-6 2.5-6 6.5M11 1.5c0 4-6 4.5-6 6.5s6 2.5 6 6.5",
  check: "M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM5 8.2l2 2 4-4.4",
  cross: "M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM5.5 5.5l5 5M10.5 5.5l-5 5",
  shield: "M8 1.2 2.5 3.3v4.2c0 3.3 2.4 6 5.5 7.3 3.1-1.3 5.5-4 5.5-7.3V3.3L8 1.2ZM5.7 5.7l4.6 4.6M10.3 5.7l-4.6 4.6",
  alert: "M8 1.5 1 14h14L8 1.5ZM8 6v4M8 11.6v.4",
  dash: "M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 0 0 0-13ZM5 8h6",
};

export function StatusIcon({ icon }: { icon: Icon }) {
  return (
    <svg
      className="status-icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
      data-icon={icon}
    >
      <path
        d={paths[icon]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
