import { useInfiniteQuery } from "@tanstack/react-query";
import { DownloadButton } from "../downloads/download-button";
import { formatBytes } from "../format";
import { useTRPC } from "../trpc";
import { ShowMore } from "../layout/show-more";
import { QueryState } from "../layout/query-state";

export function LibraryPage() {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.library.list.infiniteQueryOptions({ limit: 20 }, { getNextPageParam: (page) => page.cursor ?? undefined }),
  );
  const books = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <section className="card" aria-labelledby="library-title">
      <h2 id="library-title">Library</h2>
      <QueryState query={query} />
      {query.isSuccess && books.length === 0 && <p className="muted">No approved books yet.</p>}
      <ul className="uploads" data-testid="library">
        {books.map((book) => {
          const title = book.title ?? "Untitled";
          return (
            <li key={book.uploadId} data-testid="library-book" data-upload-id={book.uploadId}>
              <div className="uploads-main">
                <span className="uploads-name">{title}</span>
                <span className="muted small">
                  {[
                    book.pageCount && `${book.pageCount} ${book.pageCount === 1 ? "page" : "pages"}`,
                    formatBytes(book.sizeBytes),
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </div>
              {book.author && <div className="small">by {book.author}</div>}
              {book.description && <p className="description">{book.description}</p>}
              {book.can.download && (
                <div className="row actions">
                  <DownloadButton uploadId={book.uploadId} name={title} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <ShowMore query={query} label="Show more books" />
    </section>
  );
}
