// One file in the upload panel: its progress, Pause/Resume (multipart), Cancel, Retry, and
// once sent its status as the server moves it.
import { errorMessage } from "../errors";
import { ProgressBar } from "../upload/progress-bar";
import { UploadStatus } from "../upload/upload-status";
import { stateWords } from "./entry-state";
import type { Entry } from "./upload-queue";
import { useUploadQueue } from "./upload-manager";

export function PanelEntry({ entry, waitSeconds }: { entry: Entry; waitSeconds?: number }) {
  const queue = useUploadQueue();
  const { key, state } = entry;
  const moving = state === "sending" || state === "pausing" || state === "paused" || state === "queued";
  return (
    <li className="queue-item" data-testid="queue-item" data-state={state} aria-label={entry.file.name}>
      <ProgressBar
        progress={entry.progress}
        label={entry.file.name}
        paused={state === "paused"}
        state={stateWords(entry, waitSeconds)}
      />
      <div className="row">
        {state === "sending" && entry.canPause && (
          <button type="button" className="secondary" onClick={() => queue.pause(key)} data-testid="upload-pause">
            Pause
          </button>
        )}
        {(state === "paused" || state === "pausing") && (
          <button type="button" onClick={() => queue.resume(key)} data-testid="upload-resume">
            Resume
          </button>
        )}
        {moving && (
          <button type="button" className="secondary" onClick={() => queue.cancel(key)} data-testid="upload-cancel">
            Cancel
          </button>
        )}
        {state === "failed" && (
          <button type="button" onClick={() => queue.retry(key)} data-testid="upload-retry">
            Retry
          </button>
        )}
      </div>
      {state === "failed" && (
        <p role="alert" className="error" data-testid="upload-error">
          {errorMessage(entry.error)}
        </p>
      )}
      {entry.result && <UploadStatus uploadId={entry.result.uploadId} />}
    </li>
  );
}
