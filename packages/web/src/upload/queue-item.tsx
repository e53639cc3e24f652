// One file in the upload queue: it starts as soon as it is queued and owns its own
// progress, pause/resume (multipart), cancel and retry.
import { useEffect, useRef } from "react";
import { errorMessage } from "../errors";
import { ProgressBar } from "./progress-bar";
import type { UploadFields } from "./send";
import { UploadStatus } from "./upload-status";
import { useSendFile } from "./use-send-file";

export interface QueuedFile {
  key: number;
  file: File;
  fields: UploadFields;
}

export function QueueItem({ item }: { item: QueuedFile }) {
  const upload = useSendFile();
  const started = useRef(false);
  const start = () => upload.send({ file: item.file, fields: item.fields });

  // biome-ignore lint/correctness/useExhaustiveDependencies: starts the upload once, when the item first renders
  useEffect(() => {
    // StrictMode runs effects twice in development; the ref keeps it to one upload.
    if (started.current) return;
    started.current = true;
    start();
  }, []);

  return (
    <li className="queue-item" data-testid="queue-item" aria-label={item.file.name}>
      <ProgressBar
        progress={upload.progress}
        label={item.file.name}
        paused={upload.isSending && upload.resume !== undefined}
      />
      <div className="row">
        {upload.isSending && upload.pause && (
          <button type="button" className="secondary" onClick={upload.pause} data-testid="upload-pause">
            Pause
          </button>
        )}
        {upload.isSending && upload.resume && (
          <button type="button" onClick={upload.resume} data-testid="upload-resume">
            Resume
          </button>
        )}
        {upload.isSending && (
          <button type="button" className="secondary" onClick={upload.cancel} data-testid="upload-cancel">
            Cancel
          </button>
        )}
        {upload.error && (
          <button type="button" onClick={start} data-testid="upload-retry">
            Retry
          </button>
        )}
      </div>
      {upload.error && (
        <p role="alert" className="error" data-testid="upload-error">
          {errorMessage(upload.error)}
        </p>
      )}
      {upload.result && <UploadStatus uploadId={upload.result.uploadId} />}
    </li>
  );
}
