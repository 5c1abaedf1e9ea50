import { decodeBacklogRow, RowFlag, type BacklogDto } from '../../../src/contracts';
import { issueKey } from '../../shared/keys';

/** What the Iteration fill tab (and its export) shows of a planned or left-out item, from the loaded backlog. */
export interface ItemInfo {
  summary: string;
  points: number | null;
  workType: number;
  committed: boolean;
  /** Definition-of-Ready gap bits (BacklogRow index 10). */
  gaps: number;
}

/** The backlog's rows by full issue key. */
export function indexBacklog(backlog: BacklogDto | null): Map<string, ItemInfo> {
  const map = new Map<string, ItemInfo>();
  if (!backlog) return map;
  for (const row of backlog.rows.map(decodeBacklogRow)) {
    map.set(issueKey(row.key, backlog.keyPrefix), { summary: row.summary, points: row.points, workType: row.workType, committed: (row.flags & RowFlag.COMMITTED) !== 0, gaps: row.dorGaps });
  }
  return map;
}
