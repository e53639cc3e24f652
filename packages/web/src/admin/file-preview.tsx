// The file itself, fetched through a short-lived download URL. Only types the scanner verified
// by their bytes are shown, and a blob URL with that fixed type means the browser renders an
// image or its PDF viewer, never HTML in this origin.
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
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

  const file = useQuery({
    queryKey: ["preview", upload.uploadId],
    enabled: canPreview,
    gcTime: 0,
    staleTime: Infinity,
    queryFn: async ({ signal }) => {
      const { url } = await client.upload.download.mutate({ uploadId: upload.uploadId }, { signal });
      const response = await fetch(url, { signal });
      if (!response.ok) throw new Error(`Storage answered HTTP ${response.status}`);
      return new Blob([await response.blob()], { type });
    },
  });
  const src = useObjectUrl(file.data);

  if (!canPreview) {
    const why = !stored
      ? "This file is not kept where it can be opened."
      : upload.sizeBytes > maxPreviewBytes
        ? `Files over ${formatBytes(maxPreviewBytes)} are not previewed; download it instead.`
        : "No preview for this type of file; download it instead.";
    return <p className="muted small">{why}</p>;
  }
  if (file.error) {
    return (
      <p role="alert" className="error">
        Preview failed: {errorMessage(file.error)}
      </p>
    );
  }
  if (!src) return <p className="muted small preview-box">Loading preview…</p>;
  return type === "application/pdf" ? (
    <iframe src={src} title={`Preview of ${name}`} className="preview preview-box" data-testid="preview" />
  ) : (
    <img src={src} alt={`Preview of ${name}`} className="preview" data-testid="preview" />
  );
}

function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return setUrl(undefined);
    const objectUrl = URL.createObjectURL(blob);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [blob]);
  return url;
}
