import { formatBytes } from "../format";
import type { PutProgress } from "./put";

/** Indeterminate until the first progress event (while the URL is being requested). */
export function ProgressBar({ progress, label }: { progress?: PutProgress; label: string }) {
  const percent = progress && progress.total > 0 ? Math.floor((progress.loaded / progress.total) * 100) : undefined;
  const text =
    progress && percent !== undefined
      ? `${percent}% · ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`
      : "Preparing…";
  return (
    <div className="progress">
      <label htmlFor="upload-progress">{label}</label>
      <progress
        id="upload-progress"
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
