// Files by drag-and-drop anywhere on the page or the system picker (behind a labelled
// button: the browser's own control would say "No file chosen"), listed with what is wrong
// with each. What the purpose accepts is said up front, before anything can fail.
import { useRef, useState } from "react";
import { formatBytes } from "../format";
import { focusNeighbour } from "../layout/focus";
import { FileThumb } from "./file-thumb";
import { usePageDrop } from "./use-page-drop";

interface FilePickerProps {
  multiple: boolean;
  accept: string;
  /** "PDF or EPUB, up to 50 MB each". */
  accepted: string;
  files: readonly File[];
  /** Per file, in the same order. */
  problems: readonly (string | undefined)[];
  /** Shown under the list: e.g. nothing picked yet. */
  error?: string;
  onChange: (files: File[]) => void;
}

const sameFile = (a: File, b: File) => a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

export function FilePicker({ multiple, accept, accepted, files, problems, error, onChange }: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  // A fresh input after each pick: the list below, not the input, shows what is picked.
  const [inputKey, setInputKey] = useState(0);
  const dragging = usePageDrop(add);

  function add(picked: File[]) {
    if (picked.length === 0) return;
    setInputKey((key) => key + 1);
    if (!multiple) return onChange(picked.slice(0, 1));
    onChange([...files, ...picked.filter((file) => !files.some((kept) => sameFile(kept, file)))]);
  }

  const what = multiple ? "files" : "a file";
  return (
    <div className="field">
      <span className="field-label" id="file-label">
        {multiple ? "Files" : "File"}
      </span>
      <div className={dragging ? "drop-zone dragging" : "drop-zone"} data-testid="drop-zone">
        <p className="drop-zone-lead">Drop {what} anywhere on this page, or</p>
        <button
          type="button"
          id="file"
          className="secondary"
          onClick={() => input.current?.click()}
          aria-describedby="file-label file-accepted picked-files file-error"
          aria-invalid={error || problems.some(Boolean) ? true : undefined}
          data-testid="file-choose"
        >
          Choose {what}
        </button>
        <p id="file-accepted" className="muted small" data-testid="file-accepted">
          {accepted}
        </p>
        <input
          ref={input}
          key={inputKey}
          type="file"
          accept={accept}
          multiple={multiple}
          hidden
          onChange={(event) => add([...(event.target.files ?? [])])}
          data-testid="file-input"
        />
      </div>
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
          <p>
            Drop to add {what}
            <br />
            <span className="small">{accepted}</span>
          </p>
        </div>
      )}
      <ul id="picked-files" className="picked" aria-label="Picked files" aria-live="polite">
        {files.map((file, i) => (
          <li key={`${file.name}-${file.size}-${file.lastModified}`} data-testid="picked-file">
            <FileThumb file={file} />
            <span className="picked-name">{file.name}</span>{" "}
            <span className="muted small fact">{formatBytes(file.size)}</span>
            <button
              type="button"
              className="link"
              onClick={(event) => {
                focusNeighbour(event.currentTarget, () => document.getElementById("file"));
                onChange(files.filter((_, j) => j !== i));
              }}
              aria-label={`Remove ${file.name}`}
              data-testid="remove-picked"
            >
              Remove
            </button>
            {problems[i] && (
              <p className="field-error picked-problem" data-testid="file-problem">
                {problems[i]}
              </p>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p id="file-error" className="field-error" data-testid="file-error">
          {error}
        </p>
      )}
    </div>
  );
}
