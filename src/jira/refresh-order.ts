/**
 * Whether a refresh can keep the last rank order instead of reading the whole order again (a key-only
 * search of every open issue: about 1 MB at 10k issues).
 *
 * Sound under what Jira does: ranking an issue records a Rank change in its history, which moves its
 * `updated`; so an issue missing from the changed-issues search was not re-ranked and kept its place among
 * the others missing from it (a LexoRank rebalance rewrites rank values but keeps the order). What is left:
 * - a changed open issue may have moved: it must still sit, by its rank value read now, between its nearest
 *   unchanged neighbours of the last order (whose rank values are read now too, in one small search);
 * - an issue may have left the open backlog without showing up as changed (deleted, moved to another
 *   project, hidden from the user): Jira's count of open issues must equal the count we expect;
 * - a new or reopened issue needs its place read: then the order is read in full.
 * Any doubt (no rank field, a rank value missing, mixed LexoRank buckets, a count Jira cannot give) reads the
 * order in full, as does a refresh whose order was last read in full more than `ORDER_MAX_AGE_MS` ago.
 */

import type { TeamBacklog } from './backlog';
import { fetchIssuesInOrder } from './ordered-read';
import type { JiraHttp } from './http';
import { asRecord, asString } from './json';
import { isBacklogItem, readStatusCategory } from './mapping';
import type { JiraIssueJson } from './types';

/** The full order is read again at least this often, whatever the checks say. */
export const ORDER_MAX_AGE_MS = 15 * 60_000;

export interface KeptOrder {
  /** Open backlog items, then open non-items (epics, sub-tasks), each in rank order. */
  openKeys: string[];
}

export function rankFieldOf(backlog: Pick<TeamBacklog, 'boardConfiguration'>): string | null {
  const id = backlog.boardConfiguration.rankFieldId;
  return id === null ? null : `customfield_${id}`;
}

function isOpen(issue: JiraIssueJson): boolean {
  return readStatusCategory(asRecord(asRecord(issue.fields)?.status)) !== 'done';
}

function rankValue(issue: JiraIssueJson | undefined, rankField: string): string | null {
  return issue ? asString(asRecord(issue.fields)?.[rankField]) : null;
}

/**
 * The open keys in rank order if the last order still holds, else null (read the order in full).
 * `changed` holds every issue of the project updated since the last load, with the rank field.
 */
export async function keptOrder(
  http: JiraHttp,
  previous: TeamBacklog,
  changed: ReadonlyMap<string, JiraIssueJson>,
  openCount: number | null,
  rankField: string,
): Promise<KeptOrder | null> {
  if (openCount === null) return null;
  const items = previous.issues.map((i) => i.key);
  // Nothing changed: the order holds if nothing left the backlog unseen either.
  if (changed.size === 0) return items.length + previous.nonBacklogKeys.length === openCount ? { openKeys: [...items, ...previous.nonBacklogKeys] } : null;
  const nonItems = previous.nonBacklogKeys;
  const wasItem = new Set(items);
  const wasNonItem = new Set(nonItems);
  const closed = new Set<string>();
  for (const [key, issue] of changed) {
    if (!isOpen(issue)) closed.add(key);
    else if (!wasItem.has(key) && !wasNonItem.has(key)) return null; // new or reopened: its place is unknown
    else if (isBacklogItem(issue) !== wasItem.has(key)) return null; // became an epic or sub-task, or back
  }
  const openItems = items.filter((k) => !closed.has(k));
  const openNonItems = nonItems.filter((k) => !closed.has(k));
  if (openItems.length + openNonItems.length !== openCount) return null;

  const sequences = [openItems, openNonItems];
  const anchors = new Set<string>();
  const groups: { before: string | null; moved: string[]; after: string | null }[] = [];
  for (const keys of sequences) {
    let before: string | null = null;
    let moved: string[] = [];
    for (const key of keys) {
      if (changed.has(key)) moved.push(key);
      else {
        if (moved.length > 0) groups.push({ before, moved, after: key });
        before = key;
        moved = [];
      }
    }
    if (moved.length > 0) groups.push({ before, moved, after: null });
  }
  if (groups.length === 0) return { openKeys: [...openItems, ...openNonItems] };
  groups.forEach((g) => [g.before, g.after].forEach((k) => k !== null && anchors.add(k)));

  // Side by side in bulk fetches of 100 (1% of a 50k backlog changed can make ~1,000 anchors).
  const read = anchors.size > 0 ? await fetchIssuesInOrder(http, [...anchors].map((key) => ({ key })), [rankField], (issue) => issue) : [];
  const anchorIssues = new Map(read.map((i) => [i.key, i]));
  // An anchor gone or hidden since: its place says nothing now.
  if ([...anchors].some((key) => !anchorIssues.has(key))) return null;
  const rankOf = (key: string): string | null => rankValue(changed.get(key) ?? anchorIssues.get(key), rankField);
  const buckets = new Set<string>();
  for (const group of groups) {
    const keys = [group.before, ...group.moved, group.after].filter((k): k is string => k !== null);
    const ranks = keys.map(rankOf);
    if (ranks.some((r) => r === null)) return null;
    const values = ranks as string[];
    values.forEach((r) => buckets.add(r.split('|')[0] ?? ''));
    // Still strictly in the last order: nobody moved past a neighbour.
    for (let i = 1; i < values.length; i++) if (!((values[i - 1] as string) < (values[i] as string))) return null;
  }
  // A rebalance in progress mixes buckets, whose values do not compare: read the order.
  if (buckets.size > 1) return null;
  return { openKeys: [...openItems, ...openNonItems] };
}
