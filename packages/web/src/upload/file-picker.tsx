// Files by drag-and-drop or the system picker, listed with what is wrong with each.
import { type DragEvent, useState } from "react";
import { formatBytes } from "../format";
import { focusNeighbour } from "../layout/focus";

interface FilePickerProps {
  multiple: boolean;
  accept: string;
  files: readonly File[];
  /** Per file, in the same order. */
  problems: readonly (string | undefined)[];
  /** Shown under the list: e.g. nothing picked yet. */
  error?: string;
  onChange: (files: File[]) => void;
}

const sameFile = (a: File, b: File) => a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

export function FilePicker({ multiple, accept, files, problems, error, onChange }: FilePickerProps) {
  const [dragging, setDragging] = useState(false);
  // A fresh input after each pick: the list below, not the input, shows what is picked.
  const [inputKey, setInputKey] = useState(0);

  function add(picked: File[]) {
    if (picked.length === 0) return;
    setInputKey((key) => key + 1);
    if (!multiple) return onChange(picked.slice(0, 1));
    onChange([...files, ...picked.filter((file) => !files.some((kept) => sameFile(kept, file)))]);
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    add([...event.dataTransfer.files]);
  }

  function onDragOver(event: DragEvent) {
    // Without preventDefault the browser opens the dropped file instead.
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    setDragging(true);
  }

  return (
    <div className="field">
      <label htmlFor="file">{multiple ? "Files" : "File"}</label>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; the labelled file input inside it is the keyboard's way in */}
      <div
        className={dragging ? "drop-zone dragging" : "drop-zone"}
        onDragOver={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <p className="muted small">Drop {multiple ? "files" : "a file"} here, or choose:</p>
        <input
          key={inputKey}
          id="file"
          type="file"
          accept={accept}
          multiple={multiple}
          onChange={(event) => add([...(event.target.files ?? [])])}
          aria-invalid={error || problems.some(Boolean) ? true : undefined}
          aria-describedby="picked-files file-error"
          data-testid="file-input"
        />
      </div>
      <ul id="picked-files" className="picked" aria-label="Picked files" aria-live="polite">
        {files.map((file, i) => (
          <li key={`${file.name}-${file.size}-${file.lastModified}`} data-testid="picked-file">
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
              <p className="field-error" data-testid="file-problem">
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
