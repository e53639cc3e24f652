import { type FormEvent, useState } from "react";
import { errorMessage } from "../errors";
import { ProgressBar } from "./progress-bar";
import { acceptFor, type PurposeName, purposeLabels, purposeNames } from "./purposes";
import { UploadStatus } from "./upload-status";
import { useSendFile } from "./use-send-file";

const optional = (value: string) => value.trim() || undefined;

export function UploadForm() {
  const [purpose, setPurpose] = useState<PurposeName>("book");
  const [title, setTitle] = useState("");
  const [author, setAuthor] = useState("");
  const [description, setDescription] = useState("");
  const [file, setFile] = useState<File>();
  const [fileInputKey, setFileInputKey] = useState(0);
  const upload = useSendFile();
  const isBook = purpose === "book";

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    const fields = isBook
      ? { purpose, title: optional(title), author: optional(author), description: optional(description) }
      : { purpose };
    upload.send(
      { file, fields },
      {
        onSuccess: () => {
          setFile(undefined);
          setFileInputKey((key) => key + 1);
        },
      },
    );
  }

  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">Upload a file</h2>
      <form onSubmit={onSubmit} className="stack">
        <div className="field">
          <label htmlFor="purpose">Purpose</label>
          <select
            id="purpose"
            value={purpose}
            onChange={(event) => setPurpose(event.target.value as PurposeName)}
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
            <div className="field">
              <label htmlFor="book-title">Title</label>
              <input
                id="book-title"
                value={title}
                onChange={(event) => setTitle(event.target.value)}
                required
                maxLength={300}
                data-testid="book-title"
              />
            </div>
            <div className="field">
              <label htmlFor="book-author">Author</label>
              <input
                id="book-author"
                value={author}
                onChange={(event) => setAuthor(event.target.value)}
                required
                maxLength={200}
                data-testid="book-author"
              />
            </div>
            <div className="field">
              <label htmlFor="book-description">
                Description <span className="muted">(optional)</span>
              </label>
              <textarea
                id="book-description"
                value={description}
                onChange={(event) => setDescription(event.target.value)}
                rows={3}
                maxLength={5000}
                data-testid="book-description"
              />
            </div>
          </>
        )}

        <div className="field">
          <label htmlFor="file">File</label>
          <input
            key={fileInputKey}
            id="file"
            type="file"
            accept={acceptFor(purpose)}
            onChange={(event) => setFile(event.target.files?.[0])}
            required
            data-testid="file-input"
          />
        </div>

        <div className="row">
          <button type="submit" disabled={upload.isSending} data-testid="upload-submit">
            Upload
          </button>
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
        </div>
      </form>

      {(upload.isSending || upload.result) && <ProgressBar progress={upload.progress} label="Upload progress" />}
      {upload.error && (
        <p role="alert" className="error" data-testid="upload-error">
          {errorMessage(upload.error)}
        </p>
      )}
      {upload.result && <UploadStatus uploadId={upload.result.uploadId} />}
    </section>
  );
}
