/**
 * One issue of a loaded backlog read again (one bulk fetch), for a view about that issue alone (the issue
 * panel): the issue as Jira holds it now, the rest of the backlog as last read. The whole refresh re-reads
 * every issue changed since, which at 50k issues is the larger part of opening the issue panel.
 */

import type { IssueFacts } from '../domain/facts';
import type { TeamBacklog } from './backlog';
import { bulkFetchIssues } from './bulk-fetch';
import type { JiraIssueJson } from './types';
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
export async function withFreshIssue(http: JiraHttp, backlog: TeamBacklog, issueKey: string, asked?: AskedIssue): Promise<TeamBacklog | null> {
  const at = backlog.issues.findIndex((i) => i.key === issueKey);
  const old = backlog.issues[at];
  if (!old) return null;
  const fields = fieldsForBacklog(backlog.fieldMap);
  // Asked early with the fields the snapshot's head named: taken only when they are this backlog's.
  const early = asked && asked.key === issueKey && JSON.stringify(asked.fields) === JSON.stringify(fields) ? asked.issue : null;
  const [fresh] = early ? await early : await bulkFetchIssues(http, [{ key: issueKey }], fields);
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

/** An issue asked of Jira before the backlog it belongs to is at hand (see `askIssueEarly`). */
export interface AskedIssue {
  key: string;
  fields: readonly string[];
  issue: Promise<JiraIssueJson[]>;
}

/** What a backlog snapshot's head keeps so the issue panel can ask for its issue before the snapshot is inflated. */
export function snapshotHeadMeta(backlog: Pick<TeamBacklog, 'fieldMap'>): { fields: string[] } {
  return { fields: fieldsForBacklog(backlog.fieldMap) };
}

/** Asks for `issueKey` with the fields a snapshot head's `meta` names (undefined when it names none). */
export function askIssueEarly(http: JiraHttp, issueKey: string, meta: unknown): AskedIssue | undefined {
  const fields = (meta as { fields?: unknown } | null | undefined)?.fields;
  if (!Array.isArray(fields) || !fields.every((f): f is string => typeof f === 'string')) return undefined;
  const issue = bulkFetchIssues(http, [{ key: issueKey }], fields);
  // Unobserved if the snapshot turns out unusable: its failure must not go unhandled.
  issue.catch(() => undefined);
  return { key: issueKey, fields, issue };
}

function dependentsOf(issue: IssueFacts, projectKey: string): Map<string, DependentFacts> {
  const known = new Map<string, DependentFacts>();
  for (const link of issue.links) {
    if (link.direction === 'blocks' && link.projectKey !== projectKey) known.set(link.key, { sprint: link.sprint ?? null, priority: link.priority ?? null });
  }
  return known;
}
