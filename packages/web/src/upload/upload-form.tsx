import { type FormEvent, useState } from "react";
import { acceptFor, type PurposeName, purposeLabels, purposeNames } from "./purposes";
import { QueueItem, type QueuedFile } from "./queue-item";

const optional = (value: string) => value.trim() || undefined;

export function UploadForm() {
  const [purpose, setPurpose] = useState<PurposeName>("book");
  const [title, setTitle] = useState("");
  const [author, setAuthor] = useState("");
  const [description, setDescription] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [fileInputKey, setFileInputKey] = useState(0);
  const [queue, setQueue] = useState<QueuedFile[]>([]);
  const isBook = purpose === "book";

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (files.length === 0) return;
    const fields = isBook
      ? { purpose, title: optional(title), author: optional(author), description: optional(description) }
      : { purpose };
    // Newest first, so the file just picked is at the top of the queue.
    setQueue((queue) => [...files.map((file, i) => ({ key: fileInputKey * 1000 + i, file, fields })).reverse(), ...queue]);
    setFiles([]);
    setFileInputKey((key) => key + 1);
  }

  return (
    <section className="card" aria-labelledby="upload-title">
      <h2 id="upload-title">Upload files</h2>
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
          <label htmlFor="file">{isBook ? "File" : "Files"}</label>
          <input
            key={fileInputKey}
            id="file"
            type="file"
            accept={acceptFor(purpose)}
            multiple={!isBook}
            onChange={(event) => setFiles([...(event.target.files ?? [])])}
            required
            data-testid="file-input"
          />
        </div>

        <div className="row">
          <button type="submit" data-testid="upload-submit">
            Upload
          </button>
        </div>
      </form>

      {queue.length > 0 && (
        <ol className="queue" aria-label="Upload queue" data-testid="upload-queue">
          {queue.map((item) => (
            <QueueItem key={item.key} item={item} />
          ))}
        </ol>
      )}
    </section>
  );
}
