/**
 * Completed points per closed sprint. Jira has no public velocity API, so it is computed from one search:
 * done issues that were in a closed sprint, each credited to the sprint it was finished in.
 */

import type { JiraHttp } from './http';
import { asNumber, asRecord, stringAt } from './json';
import { isDroppedWork } from './statuses';
import { JQL_IN_CLOSED_SPRINTS, jql, jqlProjectIn, jqlUpdatedSince } from './jql';
import { isBacklogItem, normalizeTimestamp, readSprints, readStatusCategory } from './mapping';
import { searchAllIssues } from './search';
import type { ClosedSprintPoints, FieldMap, JiraIssueJson, JiraSprint } from './types';

function sprintEnd(sprint: JiraSprint): number {
  return Date.parse(sprint.completeDate ?? sprint.endDate ?? '') || 0;
}

/** The last `count` closed sprints, oldest first. */
export function lastClosedSprints(sprints: readonly JiraSprint[], count: number): JiraSprint[] {
  return sprints
    .filter((s) => s.state === 'closed')
    .sort((a, b) => sprintEnd(a) - sprintEnd(b) || a.id - b.id)
    .slice(-count);
}

/**
 * Pure: points per closed sprint. An issue counts once, for the earliest of its closed sprints that
 * completed at or after its resolution (or its latest closed sprint when the date is unknown); an issue
 * still in an open sprint was finished there, not in a closed one; a dropped one ("Won't Do") was not delivered.
 */
export function computeClosedSprintPoints(
  issues: readonly JiraIssueJson[],
  fieldMap: FieldMap,
  closedSprints: readonly JiraSprint[],
  droppedResolutions: readonly string[] = [],
): ClosedSprintPoints[] {
  const byId = new Map(closedSprints.map((s) => [s.id, s]));
  const totals = new Map<number, { points: number; issues: number; unplannedPoints: number; unplannedIssues: number }>(
    closedSprints.map((s) => [s.id, { points: 0, issues: 0, unplannedPoints: 0, unplannedIssues: 0 }]),
  );
  for (const issue of issues) {
    // Epics and sub-tasks are not backlog items: as on Jira's velocity chart, only the items themselves count.
    if (!isBacklogItem(issue)) continue;
    const fields = asRecord(issue.fields) ?? {};
    const status = asRecord(fields.status);
    const resolution = stringAt(asRecord(fields.resolution), 'name');
    if (readStatusCategory(status) !== 'done' || isDroppedWork(stringAt(status, 'name') ?? '', resolution, droppedResolutions)) continue;
    const sprints = fieldMap.sprint === null ? [] : readSprints(fields[fieldMap.sprint]);
    if (sprints.some((s) => s.state !== 'closed')) continue;
    const candidates = sprints
      .map((s) => byId.get(s.id))
      .filter((s): s is JiraSprint => s !== undefined)
      .sort((a, b) => sprintEnd(a) - sprintEnd(b));
    if (candidates.length === 0) continue;
    // Workflows whose Done sets no resolution: the status category change says when.
    const resolved = Date.parse(normalizeTimestamp(fields.resolutiondate) ?? normalizeTimestamp(fields.statuscategorychangedate) ?? '');
    const credited =
      (Number.isNaN(resolved) ? undefined : candidates.find((s) => sprintEnd(s) >= resolved)) ?? candidates[candidates.length - 1];
    const total = totals.get((credited as JiraSprint).id);
    if (!total) continue;
    const points = Math.max(0, asNumber(fields[fieldMap.storyPoints]) ?? 0);
    total.points += points;
    total.issues += 1;
    // Created once the sprint was running: work nobody planned for it (a defect, a support request).
    const created = Date.parse(normalizeTimestamp(fields.created) ?? '');
    const started = Date.parse((credited as JiraSprint).startDate ?? '');
    if (!Number.isNaN(created) && !Number.isNaN(started) && created >= started) {
      total.unplannedPoints += points;
      total.unplannedIssues += 1;
    }
  }
  return closedSprints.map((s) => ({
    sprintId: s.id,
    name: s.name,
    completeDate: s.completeDate,
    completedPoints: totals.get(s.id)?.points ?? 0,
    completedIssues: totals.get(s.id)?.issues ?? 0,
    unplannedPoints: totals.get(s.id)?.unplannedPoints ?? 0,
    unplannedIssues: totals.get(s.id)?.unplannedIssues ?? 0,
  }));
}

export interface ClosedSprintPointsRequest {
  projectKey: string;
  fieldMap: FieldMap;
  sprints: readonly JiraSprint[];
  /** How many of the latest closed sprints to compute (default 6). */
  count?: number;
  timeZone: string;
  /** Resolutions the PO marked as dropped, besides the usual ones (see statuses.ts). */
  droppedResolutions?: readonly string[];
}

/** One search (plus its pages): done issues of the project that were in the chosen closed sprints. */
export async function loadClosedSprintPoints(http: JiraHttp, request: ClosedSprintPointsRequest): Promise<ClosedSprintPoints[]> {
  const closed = lastClosedSprints(request.sprints, request.count ?? 6);
  if (closed.length === 0 || request.fieldMap.sprint === null) return computeClosedSprintPoints([], request.fieldMap, closed, request.droppedResolutions);
  const starts = closed.map((s) => Date.parse(s.startDate ?? '')).filter((t) => !Number.isNaN(t));
  const clauses = [jqlProjectIn([request.projectKey]), JQL_IN_CLOSED_SPRINTS];
  // Issues finished in these sprints were last updated no earlier than the first one began (a day of slack).
  if (starts.length === closed.length) clauses.push(jqlUpdatedSince(new Date(Math.min(...starts) - 86_400_000), request.timeZone));
  const issues = await searchAllIssues(http, {
    where: jql(clauses),
    fields: [request.fieldMap.storyPoints, request.fieldMap.sprint, 'status', 'resolutiondate', 'resolution', 'statuscategorychangedate', 'issuetype', 'created'],
  });
  return computeClosedSprintPoints(issues, request.fieldMap, closed, request.droppedResolutions);
}
