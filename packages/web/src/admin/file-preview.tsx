// The file itself, loaded from the files origin through a short-lived signed URL — never a
// blob in this app's origin. PDFs open in a fully sandboxed frame (no scripts, an opaque
// origin) and images in an <img>; the files origin also sends `nosniff` and a sandboxing CSP.
import { useQuery } from "@tanstack/react-query";
import { errorMessage } from "../errors";
import { formatBytes } from "../format";
import { type UploadInfo, useTRPCClient } from "../trpc";
import { displayName } from "../uploads/display-name";

const previewable = new Set(["application/pdf", "image/png", "image/jpeg"]);
const maxPreviewBytes = 20 * 1024 * 1024;

export function FilePreview({ upload }: { upload: UploadInfo }) {
  const client = useTRPCClient();
  const type = upload.scan?.verdict === "clean" ? upload.scan.detectedType : undefined;
  const stored = upload.can.download;
  const canPreview = stored && type !== undefined && previewable.has(type) && upload.sizeBytes <= maxPreviewBytes;
  const name = displayName(upload);

  const link = useQuery({
    queryKey: ["preview", upload.uploadId],
    enabled: canPreview,
    gcTime: 0,
    staleTime: Infinity,
    queryFn: ({ signal }) => client.upload.download.mutate({ uploadId: upload.uploadId }, { signal }),
  });

  if (!canPreview) {
    const why = !stored
      ? "This file is not kept where it can be opened."
      : upload.sizeBytes > maxPreviewBytes
        ? `Files over ${formatBytes(maxPreviewBytes)} are not previewed; download it instead.`
        : "No preview for this type of file; download it instead.";
    return <p className="muted small">{why}</p>;
  }
  if (link.error) {
    return (
      <p role="alert" className="error">
        Preview failed: {errorMessage(link.error)}
      </p>
    );
  }
  if (!link.data) return <p className="muted small preview-box">Loading preview…</p>;
  return type === "application/pdf" ? (
    <>
      <iframe
        src={link.data.url}
        sandbox=""
        referrerPolicy="no-referrer"
        title={`Preview of ${name}`}
        className="preview preview-box"
        data-testid="preview"
      />
      <p className="muted small">
        A browser that will not show a PDF in a sandboxed frame leaves this blank: download it instead.
      </p>
    </>
  ) : (
    <img
      src={link.data.url}
      referrerPolicy="no-referrer"
      alt={`Preview of ${name}`}
      className="preview"
      data-testid="preview"
    />
  );
}
