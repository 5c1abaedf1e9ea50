/** Done-category statuses that mean "dropped", not "delivered": trimming uses them, velocity ignores them. */

export const DROPPED_STATUS_NAMES: readonly string[] = ["Won't Do", "Won't Fix", 'Cancelled', 'Canceled', 'Rejected', 'Obsolete', 'Declined'];

export function normalizeStatusName(name: string): string {
  return name.toLowerCase().replace(/[’`]/g, "'").trim();
}

export function isDroppedStatus(name: string, dropped: readonly string[] = DROPPED_STATUS_NAMES): boolean {
  const normalized = normalizeStatusName(name);
  return dropped.some((d) => normalizeStatusName(d) === normalized);
}
