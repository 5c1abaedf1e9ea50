/**
 * One issue of a loaded backlog read again (one bulk fetch), for a view about that issue alone (the issue
 * panel): the issue as Jira holds it now, the rest of the backlog as last read. The whole refresh re-reads
 * every issue changed since, which at 50k issues is the larger part of opening the issue panel.
 */

import type { IssueFacts } from '../domain/facts';
import type { TeamBacklog } from './backlog';
import { bulkFetchIssues } from './bulk-fetch';
import type { DependentFacts } from './dependents';
import { withDependents } from './dependents';
import type { JiraHttp } from './http';
import { fieldsForBacklog, isBacklogItem, mapIssueToFacts, readStatusCategory, unusableReason } from './mapping';
import { asRecord, asString } from './json';

/**
 * `backlog` with `issueKey` as Jira holds it now, in its last place (`backlog` itself when the issue is as it
 * was read); null when that cannot be told without a whole refresh: the issue is not among the backlog's items
 * (new, or not an item when last read), or now is not one (done, an epic or a sub-task, unreadable, deleted or
 * hidden from the user).
 */
export async function withFreshIssue(http: JiraHttp, backlog: TeamBacklog, issueKey: string): Promise<TeamBacklog | null> {
  const at = backlog.issues.findIndex((i) => i.key === issueKey);
  const old = backlog.issues[at];
  if (!old) return null;
  const [fresh] = await bulkFetchIssues(http, [{ key: issueKey }], fieldsForBacklog(backlog.fieldMap));
  if (!fresh || !isBacklogItem(fresh) || unusableReason(fresh) !== null) return null;
  if (readStatusCategory(asRecord(asRecord(fresh.fields)?.status)) === 'done') return null;
  const features = new Map(backlog.features.map((f) => [f.key, f]));
  // A parent not read with the backlog: its PI commitments are unknown here.
  const parentKey = asString(asRecord(asRecord(fresh.fields)?.parent)?.key);
  if (parentKey !== null && !features.has(parentKey)) return null;
  const mapped = mapIssueToFacts(fresh, old.rank, { fieldMap: backlog.fieldMap, features, blocking: backlog.blockingLinkTypes, optionScores: backlog.wsjfOptionScores });
  // The dependents' sprints and priorities as last read (a dependent linked since is read by the next refresh).
  const [issue] = withDependents([mapped], backlog.projectKey, dependentsOf(old, backlog.projectKey)) as [IssueFacts];
  // Unchanged: the backlog itself, so what was derived from it (or stored beside its snapshot) still holds.
  if (JSON.stringify(issue) === JSON.stringify(old)) return backlog;
  const issues = [...backlog.issues];
  issues[at] = issue;
  return { ...backlog, issues };
}

function dependentsOf(issue: IssueFacts, projectKey: string): Map<string, DependentFacts> {
  const known = new Map<string, DependentFacts>();
  for (const link of issue.links) {
    if (link.direction === 'blocks' && link.projectKey !== projectKey) known.set(link.key, { sprint: link.sprint ?? null, priority: link.priority ?? null });
  }
  return known;
}
