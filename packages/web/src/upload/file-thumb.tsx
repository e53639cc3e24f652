// A file's look in a list: a thumbnail for an image (its object URL revoked when done),
// else a small label naming its type.
import { useEffect, useState } from "react";
import { contentTypeOf } from "./purposes";

const labels: Record<string, string> = {
  "application/pdf": "PDF",
  "application/epub+zip": "EPUB",
  "image/tiff": "TIFF",
};

export function FileThumb({ file }: { file: File }) {
  const type = contentTypeOf(file);
  // Browsers draw PNG and JPEG; a TIFF gets its label instead.
  const drawable = type === "image/png" || type === "image/jpeg";
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!drawable) return;
    const objectUrl = URL.createObjectURL(file);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file, drawable]);
  if (drawable && url) return <img className="file-thumb" src={url} alt="" data-testid="file-thumb" />;
  return (
    <span className={`file-thumb file-icon file-icon-${type.split("/")[0]}`} aria-hidden="true" data-testid="file-icon">
      {labels[type] ?? (type.startsWith("image/") ? "IMG" : "FILE")}
    </span>
  );
}
