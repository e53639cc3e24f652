// What processing found, in words: a one-line summary for lists, and the full record for review.
import type { UploadInfo } from "../trpc";

type Processing = NonNullable<UploadInfo["processing"]>;

/** "3 pages", "1200 × 800 px", or nothing when processing read neither. */
export function documentSummary(processing: Processing | undefined): string | undefined {
  const metadata = processing?.metadata;
  if (!metadata) return undefined;
  const parts: string[] = [];
  if (metadata.pageCount) parts.push(`${metadata.pageCount} ${metadata.pageCount === 1 ? "page" : "pages"}`);
  if (metadata.width && metadata.height) parts.push(`${metadata.width} × ${metadata.height} px`);
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

/** Every fact processing recorded, as label and value, for the admin review. */
export function processingRows(processing: Processing | undefined): [string, string | undefined][] {
  if (!processing) return [["Processing", "Not processed yet"]];
  const { metadata } = processing;
  const disarm =
    "disarm" in processing
      ? processing.disarm === "reencoded"
        ? `Re-encoded${processing.removed?.length ? `; removed ${processing.removed.join(", ")}` : ", nothing to remove"}`
        : "Parsed and checked: nothing that runs"
      : undefined;
  const refused = "found" in processing ? processing.found?.join(", ") : undefined;
  return [
    ["Processing", disarm],
    ["Active content", refused],
    ["Problem", "detail" in processing ? processing.detail : undefined],
    ["Pages", metadata.pageCount?.toString()],
    ["Dimensions", metadata.width && metadata.height ? `${metadata.width} × ${metadata.height} px` : undefined],
    ["Embedded title", metadata.title],
    ["Embedded author", metadata.author],
    ["Language", metadata.language],
    ["Document date", metadata.documentDate],
  ];
}
