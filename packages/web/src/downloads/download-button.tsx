import { errorMessage } from "../errors";
import { useDownload } from "./use-download";

export function DownloadButton({ uploadId, name }: { uploadId: string; name: string }) {
  const download = useDownload();
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={download.isPending}
        onClick={() => download.mutate({ uploadId })}
        aria-label={`Download ${name}`}
        data-testid="download"
      >
        Download
      </button>
      {download.error && (
        <span role="alert" className="error-inline">
          {errorMessage(download.error)}
        </span>
      )}
    </>
  );
}
