import type { UploadStatus } from "../trpc";

/** What needs a decision first, then what went wrong, then the rest. */
export const adminTabs: readonly UploadStatus[] = ["in_review", "quarantined", "failed", "rejected", "ready"];

/** Counts come from the first page of each tab, so past a page they are shown as "100+". */
export const countPageSize = 100;
