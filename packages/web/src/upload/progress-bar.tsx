import { useId } from "react";
import { formatBytes } from "../format";
import type { UploadProgress } from "./progress";

/** Indeterminate until the first progress event (while the URL is being requested). */
export function ProgressBar({
  progress,
  label,
  paused = false,
}: {
  progress?: UploadProgress;
  label: string;
  paused?: boolean;
}) {
  const id = useId();
  const percent = progress && progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 100) : undefined;
  const text =
    progress && percent !== undefined
      ? `${percent}% · ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}${paused ? " · paused" : rate(progress)}`
      : "Preparing…";
  return (
    <div className="progress">
      <label htmlFor={id}>{label}</label>
      <progress
        id={id}
        max={progress?.total}
        value={progress?.loaded}
        aria-valuetext={text}
        data-testid="upload-progress"
        data-percent={percent}
      />
      <span className="muted" data-testid="upload-progress-text">
        {text}
      </span>
    </div>
  );
}

/** " · 12.3 MB/s · 8 s left" once there is enough to tell. */
function rate(progress: UploadProgress): string {
  if (progress.bytesPerSecond === undefined || progress.loaded >= progress.total) return "";
  const left = progress.secondsLeft ?? 0;
  const time = left >= 90 ? `${Math.round(left / 60)} min` : `${left} s`;
  return ` · ${formatBytes(progress.bytesPerSecond)}/s · ${time} left`;
}
