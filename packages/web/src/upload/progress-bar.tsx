import { useId } from "react";
import { formatBytes } from "../format";
import { formatSecondsLeft, type UploadProgress } from "./progress";

/** Indeterminate until the first progress event (while the URL is being requested), unless a state is said instead. */
export function ProgressBar({
  progress,
  label,
  paused = false,
  state,
  testId = "upload",
}: {
  progress?: UploadProgress;
  label: string;
  paused?: boolean;
  /** Instead of speed and time left: "pausing", "waiting"… */
  state?: string;
  /** Prefix of the test ids, where one page shows the same upload twice. */
  testId?: string;
}) {
  const id = useId();
  const percent = progress && progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 100) : undefined;
  const text =
    progress && percent !== undefined
      ? `${percent}% · ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}${paused ? " · paused" : state ? ` · ${state}` : rate(progress)}`
      : (state ?? "Preparing…");
  return (
    <div className="progress">
      <label htmlFor={id}>{label}</label>
      <progress
        id={id}
        max={progress?.total ?? (state ? 1 : undefined)}
        // Indeterminate (animated) only while the upload is being prepared; waiting is 0.
        value={progress?.loaded ?? (state ? 0 : undefined)}
        aria-valuetext={text}
        data-testid={`${testId}-progress`}
        data-percent={percent}
      />
      <span className="muted" data-testid={`${testId}-progress-text`}>
        {text}
      </span>
    </div>
  );
}

/** " · 12.3 MB/s · 8 s left" once there is enough to tell. */
function rate(progress: UploadProgress): string {
  if (progress.bytesPerSecond === undefined || progress.loaded >= progress.total) return "";
  return ` · ${formatBytes(progress.bytesPerSecond)}/s · ${formatSecondsLeft(progress.secondsLeft ?? 0)} left`;
}
