import type { Status } from "@intake/core/upload/lifecycle";
import type { UploadStatus } from "../trpc";
import { statusLabel } from "../upload/status";

export type AdminTab = UploadStatus | "all";

/**
 * Each status's place among the tabs, or false for none (seen under "all"): what needs a
 * decision first, then what went wrong, then the rest. A new status must be placed here.
 */
const tabOrder = {
  in_review: 1,
  quarantined: 2,
  failed: 3,
  rejected: 4,
  ready: 5,
  pending: false,
  received: false,
  scanning: false,
  processing: false,
  expired: false,
  aborted: false,
} as const satisfies Record<Status, number | false>;

export const adminTabs: readonly AdminTab[] = [
  ...(Object.entries(tabOrder) as [Status, number | false][])
    .filter((entry): entry is [Status, number] => entry[1] !== false)
    .sort((a, b) => a[1] - b[1])
    .map(([status]) => status),
  "all",
];

export const tabLabel = (tab: AdminTab) => (tab === "all" ? "All" : statusLabel(tab));

export function isAdminTab(value: string | null): value is AdminTab {
  return adminTabs.includes(value as AdminTab);
}
