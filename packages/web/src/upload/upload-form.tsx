import { type FormEvent, useRef, useState } from "react";
import { useUploadQueue } from "../manager/upload-manager";
import { FilePicker } from "./file-picker";
import { acceptedText, acceptFor, type PurposeName, purposeLabels, purposeNames } from "./purposes";
import { TextField } from "./text-field";
import { usePurposes } from "./use-purposes";
import { checkUpload, type FieldName, fieldsOf, hasProblems, type UploadDraft } from "./validate-upload";

const emptyDraft: UploadDraft = { purpose: "book", title: "", author: "", description: "" };

export function UploadForm() {
  const catalogue = usePurposes();
  const [draft, setDraft] = useState(emptyDraft);
  const [files, setFiles] = useState<File[]>([]);
  const [visited, setVisited] = useState<Partial<Record<FieldName | "files", boolean>>>({});
  const queue = useUploadQueue();
  const form = useRef<HTMLFormElement>(null);
  const isBook = draft.purpose === "book";
  const problems = checkUpload(draft, files, catalogue);
  const shown = (field: FieldName) => (visited[field] ? problems.fields[field] : undefined);
  const edit = (field: FieldName) => (value: string) => setDraft((draft) => ({ ...draft, [field]: value }));
  const visit = (field: FieldName) => () => setVisited((visited) => ({ ...visited, [field]: true }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setVisited({ title: true, author: true, description: true, files: true });
    if (files.length === 0 || hasProblems(problems)) {
      // The first field to fix, in the form's order (its error shows on the next render).
      const field = (["title", "author", "description"] as const).find((name) => problems.fields[name]);
      form.current?.querySelector<HTMLElement>(field ? `#book-${field}` : "#file")?.focus();
      return;
    }
    const fields = fieldsOf(draft);
    queue.add(files, fields);
    setFiles([]);
    setVisited({});
    if (isBook) setDraft({ ...emptyDraft, purpose: draft.purpose });
  }

  function onPurpose(purpose: PurposeName) {
    setDraft((draft) => ({ ...draft, purpose }));
    // A book is one file with its own title; keep just the first when switching to it.
    if (purpose === "book") setFiles((files) => files.slice(0, 1));
  }

  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">Upload files</h2>
      <form ref={form} onSubmit={onSubmit} className="stack" noValidate>
        <div className="field">
          <label htmlFor="purpose">Purpose</label>
          <select
            id="purpose"
            value={draft.purpose}
            onChange={(event) => onPurpose(event.target.value as PurposeName)}
            data-testid="purpose-select"
          >
            {purposeNames.map((name) => (
              <option key={name} value={name}>
                {purposeLabels[name]}
              </option>
            ))}
          </select>
        </div>

        {isBook && (
          <>
            <TextField
              id="book-title"
              label="Title"
              value={draft.title}
              onChange={edit("title")}
              onBlur={visit("title")}
              error={shown("title")}
              maxLength={300}
              testId="book-title"
            />
            <TextField
              id="book-author"
              label="Author"
              value={draft.author}
              onChange={edit("author")}
              onBlur={visit("author")}
              error={shown("author")}
              maxLength={200}
              testId="book-author"
            />
            <TextField
              id="book-description"
              label={
                <>
                  Description <span className="muted">(optional)</span>
                </>
              }
              value={draft.description}
              onChange={edit("description")}
              onBlur={visit("description")}
              error={shown("description")}
              maxLength={5000}
              multiline
              testId="book-description"
            />
          </>
        )}

        <FilePicker
          multiple={!isBook}
          accept={acceptFor(draft.purpose)}
          accepted={acceptedText(catalogue, draft.purpose, !isBook)}
          files={files}
          problems={problems.files}
          error={
            visited.files && files.length === 0
              ? `Choose ${isBook ? "a file" : "one or more files"} to upload.`
              : undefined
          }
          onChange={setFiles}
        />

        <div className="row">
          <button type="submit" data-testid="upload-submit">
            Upload
          </button>
        </div>
      </form>
    </section>
  );
}
