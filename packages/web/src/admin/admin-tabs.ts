import type { UploadStatus } from "../trpc";
import { statusLabel } from "../upload/status";

export type AdminTab = UploadStatus | "all";

/** What needs a decision first, then what went wrong, then the rest. */
export const adminTabs: readonly AdminTab[] = ["in_review", "quarantined", "failed", "rejected", "ready", "all"];

export const tabLabel = (tab: AdminTab) => (tab === "all" ? "all" : statusLabel(tab));

export function isAdminTab(value: string | null): value is AdminTab {
  return adminTabs.includes(value as AdminTab);
}
