/**
 * Arrivals for the Health tab: how many issues of the project were created during each of the last closed
 * sprints, in any status. The open backlog alone misses everything that arrived in a past sprint and was
 * finished since, so "arrivals vs completions" needs its own read: one search of two date fields per issue
 * created since the first of those sprints began. Kept as counts per sprint: a closed sprint's count no
 * longer changes, so a refresh re-reads it only when another sprint closes (as velocity does).
 */

import type { JiraHttp } from './http';
import { asRecord } from './json';
import { jql, jqlCreatedSince, jqlProjectIn } from './jql';
import { isBacklogItem, normalizeTimestamp } from './mapping';
import { searchAllIssues } from './search';
import type { JiraSprint } from './types';
import { lastClosedSprints } from './velocity';

/** Issues created while a closed sprint ran (from its start to its completion). */
export interface ClosedSprintArrivals {
  sprintId: number;
  arrived: number;
}

export interface ArrivalsRequest {
  projectKey: string;
  sprints: readonly JiraSprint[];
  /** How many of the latest closed sprints to count (the velocity window). */
  count: number;
  timeZone: string;
}

function windowOf(sprint: JiraSprint): { start: number; end: number } | null {
  const start = Date.parse(sprint.startDate ?? '');
  const end = Date.parse(sprint.completeDate ?? sprint.endDate ?? '');
  return Number.isNaN(start) || Number.isNaN(end) ? null : { start, end };
}

/** Pure: per closed sprint with dates, how many of the creation instants fall in [start, completion). */
export function countArrivals(created: readonly number[], closedSprints: readonly JiraSprint[]): ClosedSprintArrivals[] {
  const out: ClosedSprintArrivals[] = [];
  const sorted = [...created].sort((a, b) => a - b);
  const firstAtOrAfter = (t: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sorted[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const sprint of closedSprints) {
    const w = windowOf(sprint);
    if (w) out.push({ sprintId: sprint.id, arrived: firstAtOrAfter(w.end) - firstAtOrAfter(w.start) });
  }
  return out;
}

/** One search (plus its pages) of `created` only, for issues created since the chosen closed sprints began. */
export async function loadArrivals(http: JiraHttp, request: ArrivalsRequest): Promise<ClosedSprintArrivals[]> {
  const closed = lastClosedSprints(request.sprints, request.count).filter((s) => windowOf(s) !== null);
  if (closed.length === 0) return [];
  const since = new Date(Math.min(...closed.map((s) => (windowOf(s) as { start: number }).start)));
  const issues = await searchAllIssues(http, {
    where: jql([jqlProjectIn([request.projectKey]), jqlCreatedSince(since, request.timeZone)]),
    fields: ['created', 'issuetype'],
  });
  const created: number[] = [];
  for (const issue of issues) {
    // Counted like completions: backlog items only, not the epics and sub-tasks created alongside them.
    if (!isBacklogItem(issue)) continue;
    const t = Date.parse(normalizeTimestamp(asRecord(issue.fields)?.created) ?? '');
    if (!Number.isNaN(t)) created.push(t);
  }
  return countArrivals(created, closed);
}
