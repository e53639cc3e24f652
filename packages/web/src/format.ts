const units = ["B", "KB", "MB", "GB"] as const;

/** 1536 → "1.5 KB": binary multiples, labelled the way people read them. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Content types as people name them, with their article. */
const typeWords: Record<string, string> = {
  "application/pdf": "a PDF",
  "application/epub+zip": "an EPUB book",
  "image/jpeg": "a JPEG image",
  "image/png": "a PNG image",
  "image/tiff": "a TIFF image",
  "image/gif": "a GIF image",
  "image/webp": "a WebP image",
  "image/svg+xml": "an SVG image",
  "text/html": "a web page (HTML)",
  "text/plain": "a text file",
  "application/zip": "a ZIP archive",
  "application/java-archive": "a Java program (JAR)",
  "application/x-msdownload": "a Windows program",
  "application/vnd.microsoft.portable-executable": "a Windows program",
  "application/x-elf": "a Linux program",
  "application/x-executable": "a program",
  "application/x-sh": "a shell script",
  "text/x-shellscript": "a shell script",
  "application/octet-stream": "something unrecognisable",
};

/** "image/png" → "a PNG image"; an unknown type is named as it is. */
export function typeInWords(contentType: string): string {
  return typeWords[contentType] ?? `a file of type ${contentType}`;
}
