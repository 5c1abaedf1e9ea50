/** Done-category statuses that mean "dropped", not "delivered": trimming uses them, velocity ignores them. */

export const DROPPED_STATUS_NAMES: readonly string[] = ["Won't Do", "Won't Fix", 'Cancelled', 'Canceled', 'Rejected', 'Obsolete', 'Declined'];

export function normalizeStatusName(name: string): string {
  return name.toLowerCase().replace(/[’`]/g, "'").trim();
}

export function isDroppedStatus(name: string, dropped: readonly string[] = DROPPED_STATUS_NAMES): boolean {
  const normalized = normalizeStatusName(name);
  return dropped.some((d) => normalizeStatusName(d) === normalized);
}

/** Jira resolutions that mean the work was dropped, whatever the status is called (Jira Cloud's defaults and common additions). */
export const DROPPED_RESOLUTION_NAMES: readonly string[] = ["Won't Do", "Won't Fix", 'Duplicate', 'Cannot Reproduce', 'Declined', 'Rejected', 'Obsolete', 'Cancelled', 'Canceled'];

/**
 * True when done work was dropped rather than delivered: a dropped status, a dropped resolution, or a
 * resolution the PO marked as dropped in Settings (`extraResolutions`).
 */
export function isDroppedWork(status: string, resolution: string | null | undefined, extraResolutions: readonly string[] = []): boolean {
  if (isDroppedStatus(status)) return true;
  if (!resolution) return false;
  return isDroppedStatus(resolution, DROPPED_RESOLUTION_NAMES) || isDroppedStatus(resolution, extraResolutions);
}
