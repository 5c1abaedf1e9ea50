/**
 * Incremental refresh: after a full load, read only what changed since (with a safety overlap), keep the
 * last rank order when it provably holds (`keptOrder`) or else read it from one key-only search (Jira pages
 * those at up to 5000), re-read parents and linked issues only if they were updated, and merge. Returns the
 * same shape as `loadTeamBacklog`.
 */

import { isDeepStrictEqual } from 'node:util';
import type { IssueFacts, IssueLink, ParentFacts } from '../domain/facts';
import { listSprints } from './agile';
import { loadArrivals } from './arrivals';
import { BACKLOG_FORMAT, BACKLOG_ORDER, backlogWarnings, backlogWhere, issueIdsOf, parentKeysOf, type TeamBacklog } from './backlog';
import type { RelatedIssues } from './features';
import type { JiraHttp } from './http';
import { asRecord } from './json';
import { jql, jqlProjectIn, jqlUpdatedSince } from './jql';
import { fieldsForBacklog, isBacklogItem, mapFeature, mapIssueToFacts, namedOptionFieldsOf, readStatusCategory, unusableReason } from './mapping';
import { keptOrder, ORDER_MAX_AGE_MS, rankFieldOf } from './refresh-order';
import { readRelated, readUpdatedRelated, RELATED_MAX_AGE_MS, searchUpdatedInProjects } from './refresh-related';
import { fetchIssuesInOrder, readIssuesInOrder } from './ordered-read';
import { dependentFactsOf, dependentKeysOf, readChangedDependents, readDependents, withDependents, type DependentFacts } from './dependents';
import { approximateCount, searchAllIssues, type ProgressCallback } from './search';
import type { FeatureFacts, JiraIssueJson } from './types';
import type { JiraWarning } from './warnings';
import { lastClosedSprints, loadClosedSprintPoints } from './velocity';

export interface RefreshOptions {
  /** Minutes read again before the last load, for clock skew and JQL's minute precision (default 5). */
  overlapMinutes?: number;
  onProgress?: ProgressCallback;
  now?: () => Date;
  /** Ids of issues the app just wrote (see `issueIdsFor`), so the searches reflect those writes. */
  reconcileIssueIds?: readonly number[];
}

export async function refreshTeamBacklog(http: JiraHttp, previous: TeamBacklog, options: RefreshOptions = {}): Promise<TeamBacklog> {
  const startedAt = (options.now ?? (() => new Date()))();
  const overlapMs = (options.overlapMinutes ?? 5) * 60_000;
  const since = new Date(Date.parse(previous.loadedAt) - overlapMs);
  const { fieldMap, projectKey } = previous;
  const fields = fieldsForBacklog(fieldMap);

  // After the app's own writes, or with no rank field or an old order, the order is read in full (see refresh-order.ts).
  const rankField = rankFieldOf(previous);
  const orderReadAt = previous.orderReadAt ?? previous.loadedAt;
  const mayKeepOrder =
    rankField !== null && !options.reconcileIssueIds?.length && startedAt.getTime() - Date.parse(orderReadAt) <= ORDER_MAX_AGE_MS;
  // Key only: Jira pages these at up to 5000 (`id` alone would return ids without keys).
  const readOrder = () =>
    searchAllIssues(http, { where: backlogWhere(projectKey), orderBy: BACKLOG_ORDER, fields: ['key'], reconcileIssueIds: options.reconcileIssueIds });

  // The related issues' projects are mostly those of the last load: their updated keys are searched now,
  // beside the first reads, instead of after them (a new project among them is searched later).
  const relatedReadAt = previous.relatedReadAt ?? previous.loadedAt;
  const relatedByKey = startedAt.getTime() - Date.parse(relatedReadAt) > RELATED_MAX_AGE_MS;
  const index = backlogIndex(previous.issues);
  const earlyProjects = new Set<string>(previous.features.map((f) => f.projectKey));
  index.linkProjects.forEach((p) => earlyProjects.add(p));
  const earlyRelated = relatedByKey || earlyProjects.size === 0 ? undefined : searchUpdatedInProjects(http, [...earlyProjects], jqlUpdatedSince(since, previous.timeZone));
  // The dependents known from the last load (their sprint moves without touching our issues): those updated
  // since, as the linked projects' search names them, read beside the first reads, and all of them when the
  // related issues are checked by key (see readChangedDependents); dependents new in this refresh are read
  // once the changed issues are mapped. A snapshot without the dependents' warnings has them all read once.
  const dependentOptions = { fieldMap, optionScores: previous.wsjfOptionScores, now: startedAt, timeZone: previous.timeZone };
  const earlyDependentKeys = index.dependentKeys(projectKey);
  const earlyDependents = readChangedDependents(http, earlyDependentKeys, previous.dependentWarnings ? earlyRelated : undefined, dependentOptions);
  earlyDependents.catch(() => undefined);

  const [changedRaw, orderOrCount, sprints] = await Promise.all([
    // More than a page of changes (1% of a 50k backlog is 500 issues): keys first, fields side by side.
    readIssuesInOrder(
      http,
      {
        where: jql([jqlProjectIn([projectKey]), jqlUpdatedSince(since, previous.timeZone)]),
        fields: mayKeepOrder && rankField ? [...fields, rankField] : fields,
        onProgress: options.onProgress,
        reconcileIssueIds: options.reconcileIssueIds,
      },
      (issue) => issue,
    ),
    mayKeepOrder ? approximateCount(http, backlogWhere(projectKey)) : readOrder(),
    previous.boardId === null ? Promise.resolve(previous.sprints) : listSprints(http, previous.boardId),
  ]);

  const changed = new Map(changedRaw.map((i) => [i.key, i]));
  const kept = mayKeepOrder && rankField && !Array.isArray(orderOrCount) ? await keptOrder(http, previous, changed, orderOrCount, rankField) : null;
  // The order read in full also names every issue's id; a kept one holds keys only.
  const orderRaw: readonly JiraIssueJson[] = kept ? [] : Array.isArray(orderOrCount) ? orderOrCount : await readOrder();
  const openKeys: readonly string[] = kept ? kept.openKeys : orderRaw.map((i) => i.key);
  const known = index.byKey;
  // In the order but neither known nor in the changed set: updated between our two searches. Read them.
  // (A kept order holds known keys only.)
  const knownNonItems = kept ? null : new Set(previous.nonBacklogKeys);
  const missing = knownNonItems ? openKeys.filter((k) => !changed.has(k) && !known.has(k) && !knownNonItems.has(k)) : [];
  const warnings: JiraWarning[] = [];
  if (missing.length > 0) {
    const fetched = await fetchIssuesInOrder(http, missing.map((key) => ({ key })), fields, (issue) => issue);
    fetched.forEach((i) => changed.set(i.key, i));
  }

  // Epics and sub-tasks are open issues of the project but not backlog items (see isBacklogItem); an issue
  // that cannot be used (see unusableReason) is left out the same way, with its warning.
  const issueWarnings: Record<string, JiraWarning[]> = {};
  const onProblem = (key: string, problem: JiraWarning): void => void (issueWarnings[key] ??= []).push(problem);
  const orderedKeys: string[] = [];
  const nonBacklogKeys: string[] = [];
  for (const key of openKeys) {
    const fresh = changed.get(key);
    const unusable = fresh && isBacklogItem(fresh) ? unusableReason(fresh) : null;
    if (unusable) onProblem(key, unusable);
    else if (!fresh && previous.issueWarnings?.[key]) issueWarnings[key] = [...previous.issueWarnings[key]];
    if (fresh ? isBacklogItem(fresh) && unusable === null : known.has(key)) orderedKeys.push(key);
    else nonBacklogKeys.push(key);
  }

  // Parents and blockers can change without touching our issues' `updated`, but any change of their own
  // (status, fix versions, summary) moves theirs: ask for them with `updated >= since`, so an unchanged one
  // costs nothing, and Jira still names any that were deleted or hidden. A parent never read before is read in full.
  const freshRaw = orderedKeys.map((k) => changed.get(k)).filter((i): i is JiraIssueJson => i !== undefined);
  // The last read's items that are changed or gone: what they referred to counts only if another item still does.
  // A kept order loses only issues that show as changed; a full order read may also lose unchanged ones.
  const stillItems = kept ? null : new Set(orderedKeys);
  const replaced = stillItems
    ? previous.issues.filter((i) => changed.has(i.key) || !stillItems.has(i.key))
    : [...changed.keys()].flatMap((k) => known.get(k) ?? []);
  const { parentKeys, linkKeys } = relatedOfUnchanged(index, replaced);
  parentKeysOf(freshRaw).forEach((k) => parentKeys.add(k));
  const needed = new Set<string>(linkKeys);
  parentKeys.forEach((k) => needed.add(k));
  // Parents are always read with their commitments (fix versions), even an epic in the team's own project.
  const relatedToRead = [...needed].filter((k) => parentKeys.has(k) || !changed.has(k));
  const readBefore = new Set(previous.features.map((f) => f.key));
  const isNewParent = (k: string): boolean => parentKeys.has(k) && !readBefore.has(k);
  const [newParents, updatedRelated] = await Promise.all([
    readRelated(http, relatedToRead.filter(isNewParent)),
    readUpdatedRelated(http, relatedToRead.filter((k) => !isNewParent(k)), jqlUpdatedSince(since, previous.timeZone), relatedByKey, earlyRelated),
  ]);
  const related: RelatedIssues = {
    issues: [...newParents.issues, ...updatedRelated.issues],
    missing: [...newParents.missing, ...updatedRelated.missing],
    warnings: [...newParents.warnings, ...updatedRelated.warnings],
  };
  const gone = new Set(related.missing);
  warnings.push(...related.warnings);
  const relatedStatus = new Map(related.issues.map((i) => [i.key, readStatusCategory(asRecord(asRecord(i.fields)?.status))]));
  changed.forEach((issue, key) => {
    if (!relatedStatus.has(key)) relatedStatus.set(key, readStatusCategory(asRecord(asRecord(issue.fields)?.status)));
  });

  const features = mergeFeatures(previous.features, related.issues.filter((i) => parentKeys.has(i.key)).map(mapFeature), parentKeys);
  const featureMap = new Map(features.map((f) => [f.key, f]));

  const issues: IssueFacts[] = [];
  // Once seen holding a word, a field stays named (an issue changing cannot turn the list's options into numbers).
  const namedOptionFields = new Set(previous.namedOptionFields ?? []);
  orderedKeys.forEach((key) => {
    const fresh = changed.get(key);
    const rank = issues.length;
    if (fresh) {
      issues.push(mapIssueToFacts(fresh, rank, { fieldMap, features: featureMap, blocking: previous.blockingLinkTypes, onProblem, optionScores: previous.wsjfOptionScores }));
      for (const id of namedOptionFieldsOf(fresh, fieldMap)) namedOptionFields.add(id);
    } else {
      const old = known.get(key);
      if (old) issues.push(restamp(old, rank, featureMap, relatedStatus, gone));
    }
  });

  const early = await earlyDependents;
  const readEarly = new Set(earlyDependentKeys);
  // Only fresh or restamped issues can name a dependent the last read's issues did not.
  const renewed = issues.filter((issue) => issue !== known.get(issue.key));
  const late = await readDependents(http, dependentKeysOf(renewed, projectKey).filter((k) => !readEarly.has(k)), dependentOptions);
  // Those not read now keep what the last read found; one read now that Jira did not return is gone or hidden.
  const keptFacts = early.all ? new Map<string, DependentFacts>() : new Map(index.dependentFacts(projectKey));
  const keptWarnings = new Map(early.all ? [] : Object.entries(previous.dependentWarnings ?? {}));
  for (const key of early.read) {
    keptFacts.delete(key);
    keptWarnings.delete(key);
  }
  const dependents = new Map([...keptFacts, ...early.dependents, ...late.dependents]);
  withDependents(issues, projectKey, dependents).forEach((issue, i) => (issues[i] = issue));
  // An issue read again only because it lies in the overlap, unchanged since the last read, keeps its object:
  // reads derive everything from the issue list once per version (team-data.ts), and a new list for no change
  // would redo all of it on every read for minutes after any edit.
  issues.forEach((issue, i) => {
    const old = known.get(issue.key);
    if (old !== undefined && old !== issue && isDeepStrictEqual(issue, old)) issues[i] = old;
  });
  const dependentWarnings = currentDependentWarnings(new Map([...keptWarnings, ...early.warnings, ...late.warnings]), issues, projectKey);

  // A snapshot counted the old way has its sprint history read again (once: the result carries the format).
  const currentFormat = previous.format === BACKLOG_FORMAT;
  const closedNow = lastClosedSprints(sprints, previous.velocitySprints).map((s) => s.id).join(',');
  const closedBefore = lastClosedSprints(previous.sprints, previous.velocitySprints).map((s) => s.id).join(',');
  const closedSprintPoints =
    closedNow === closedBefore && currentFormat
      ? previous.closedSprintPoints
      : await loadClosedSprintPoints(http, {
          projectKey,
          fieldMap,
          sprints,
          count: previous.velocitySprints,
          timeZone: previous.timeZone,
          droppedResolutions: previous.droppedResolutions,
        });

  // Arrivals in closed sprints change only when another sprint closes (like velocity).
  const arrivals =
    closedNow === closedBefore && currentFormat && previous.arrivals !== undefined
      ? previous.arrivals
      : await loadArrivals(http, { projectKey, sprints, count: previous.velocitySprints, timeZone: previous.timeZone });

  // Unchanged, the previous lists are kept (so is what reads derived from them, see team-data.ts).
  const sameIssues = issues.length === previous.issues.length && issues.every((issue, i) => issue === previous.issues[i]);
  const sameNonItems = nonBacklogKeys.length === previous.nonBacklogKeys.length && nonBacklogKeys.every((k, i) => k === previous.nonBacklogKeys[i]);
  return {
    ...previous,
    issues: sameIssues ? previous.issues : issues,
    issueIds: currentIssueIds(previous.issueIds, [...orderRaw, ...changed.values()], sameIssues ? null : orderedKeys),
    nonBacklogKeys: sameNonItems ? previous.nonBacklogKeys : nonBacklogKeys,
    sprints,
    closedSprintPoints,
    arrivals,
    features,
    loadedAt: startedAt.toISOString(),
    orderReadAt: kept ? orderReadAt : undefined,
    relatedReadAt: updatedRelated.checkedByKey ? undefined : relatedReadAt,
    warnings: backlogWarnings(issueWarnings, [...warnings, ...Object.values(dependentWarnings)], previous.blockingLinkTypes),
    issueWarnings,
    dependentWarnings,
    namedOptionFields: [...namedOptionFields],
    format: BACKLOG_FORMAT,
  };
}

/**
 * The ids of the issues still in the backlog (`items`; null: the same as before), fresh ids over previous
 * ones. The previous record itself when no id changed and no issue came or went, so an unchanged refresh does
 * not rebuild a 10k-key record (that was a large part of a warm read's compute).
 */
function currentIssueIds(previous: Record<string, number>, fresh: readonly JiraIssueJson[], items: readonly string[] | null): Record<string, number> {
  const freshIds = issueIdsOf(fresh.filter((issue) => issue.id !== undefined));
  const changedId = Object.keys(freshIds).some((key) => Object.hasOwn(previous, key) && previous[key] !== freshIds[key]);
  if (items === null && !changedId) return previous;
  const ids: Record<string, number> = {};
  for (const key of items ?? Object.keys(previous)) {
    const id = freshIds[key] ?? previous[key];
    if (id !== undefined) ids[key] = id;
  }
  return ids;
}

/**
 * The dependents' warnings of the refreshed issues, in key order (as a full load lists them), for the dependents
 * they still link to: a dependent no story blocks any more takes its warning with it.
 */
function currentDependentWarnings(warnings: ReadonlyMap<string, JiraWarning>, issues: readonly IssueFacts[], projectKey: string): Record<string, JiraWarning> {
  if (warnings.size === 0) return {};
  const current = new Set(backlogIndex(issues).dependentKeys(projectKey));
  return Object.fromEntries([...warnings].filter(([key]) => current.has(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** What a refresh looks up in the last read's items, built once per issue list (a warm refresh that finds nothing keeps the list). */
interface BacklogIndex {
  byKey: ReadonlyMap<string, IssueFacts>;
  /** How many items have each parent, and each linked issue. */
  parentRefs: ReadonlyMap<string, number>;
  linkRefs: ReadonlyMap<string, number>;
  linkProjects: ReadonlySet<string>;
  /** `dependentKeysOf` these issues (computed on first use). */
  dependentKeys(projectKey: string): string[];
  /** `dependentFactsOf` these issues (computed on first use). */
  dependentFacts(projectKey: string): ReadonlyMap<string, DependentFacts>;
}

const indexes = new WeakMap<readonly IssueFacts[], BacklogIndex>();

function backlogIndex(issues: readonly IssueFacts[]): BacklogIndex {
  const known = indexes.get(issues);
  if (known) return known;
  const byKey = new Map<string, IssueFacts>();
  const parentRefs = new Map<string, number>();
  const linkRefs = new Map<string, number>();
  const linkProjects = new Set<string>();
  for (const issue of issues) {
    byKey.set(issue.key, issue);
    if (issue.parent) parentRefs.set(issue.parent.key, (parentRefs.get(issue.parent.key) ?? 0) + 1);
    for (const link of issue.links) {
      linkRefs.set(link.key, (linkRefs.get(link.key) ?? 0) + 1);
      linkProjects.add(link.projectKey);
    }
  }
  const dependents = new Map<string, string[]>();
  const dependentKeys = (projectKey: string): string[] => {
    const keys = dependents.get(projectKey) ?? dependentKeysOf(issues, projectKey);
    dependents.set(projectKey, keys);
    return keys;
  };
  const facts = new Map<string, ReadonlyMap<string, DependentFacts>>();
  const dependentFacts = (projectKey: string): ReadonlyMap<string, DependentFacts> => {
    const known = facts.get(projectKey) ?? dependentFactsOf(issues, projectKey);
    facts.set(projectKey, known);
    return known;
  };
  const index = { byKey, parentRefs, linkRefs, linkProjects, dependentKeys, dependentFacts };
  indexes.set(issues, index);
  return index;
}

/** The parents and linked issues of the last read's items other than `replaced` (changed or gone ones). */
function relatedOfUnchanged(index: BacklogIndex, replaced: readonly IssueFacts[]): { parentKeys: Set<string>; linkKeys: Set<string> } {
  const parentsLost = new Map<string, number>();
  const linksLost = new Map<string, number>();
  for (const issue of replaced) {
    if (issue.parent) parentsLost.set(issue.parent.key, (parentsLost.get(issue.parent.key) ?? 0) + 1);
    for (const link of issue.links) linksLost.set(link.key, (linksLost.get(link.key) ?? 0) + 1);
  }
  const still = (refs: ReadonlyMap<string, number>, lost: ReadonlyMap<string, number>): Set<string> => {
    const keys = new Set<string>();
    for (const [key, count] of refs) if (count > (lost.get(key) ?? 0)) keys.add(key);
    return keys;
  };
  return { parentKeys: still(index.parentRefs, parentsLost), linkKeys: still(index.linkRefs, linksLost) };
}

function mergeFeatures(old: readonly FeatureFacts[], fresh: readonly FeatureFacts[], needed: ReadonlySet<string>): FeatureFacts[] {
  const merged = new Map(old.map((f) => [f.key, f]));
  fresh.forEach((f) => merged.set(f.key, f));
  return [...merged.values()].filter((f) => needed.has(f.key));
}

/**
 * An unchanged issue with its new rank and the latest state of its parent and linked issues: the same
 * object when none of those moved (the usual case), so a refresh does not copy a 50k backlog each time.
 */
function restamp(
  issue: IssueFacts,
  rank: number,
  features: ReadonlyMap<string, FeatureFacts>,
  statuses: ReadonlyMap<string, IssueLink['statusCategory']>,
  gone: ReadonlySet<string>,
): IssueFacts {
  const feature = issue.parent ? features.get(issue.parent.key) : undefined;
  if (issue.rank === rank && parentStillAsRead(issue.parent, feature) && linksStillAsRead(issue.links, statuses, gone)) return issue;
  const parent: ParentFacts | null =
    issue.parent && feature
      ? { ...issue.parent, summary: feature.summary, statusCategory: feature.statusCategory, commitments: [...feature.commitments] }
      : issue.parent;
  // Field by field rather than `...issue` with overrides: V8 made those copies slow objects, and every
  // later read of the backlog paid for it (TypeScript still flags a field left out here).
  return {
    key: issue.key,
    projectKey: issue.projectKey,
    summary: issue.summary,
    issueType: issue.issueType,
    labels: issue.labels,
    components: issue.components,
    status: issue.status,
    statusCategory: issue.statusCategory,
    created: issue.created,
    updated: issue.updated,
    resolved: issue.resolved,
    resolution: issue.resolution,
    points: issue.points,
    rank,
    wsjfParts: issue.wsjfParts,
    hasAcceptanceCriteria: issue.hasAcceptanceCriteria,
    parent,
    // Jira leaves out links to issues the user can no longer see; so do we.
    links: issue.links.filter((l) => !gone.has(l.key)).map((l) => ({ ...l, statusCategory: statuses.get(l.key) ?? l.statusCategory })),
    sprint: issue.sprint,
    assignee: issue.assignee ?? null,
  };
}

function parentStillAsRead(parent: ParentFacts | null, feature: FeatureFacts | undefined): boolean {
  if (!parent || !feature) return true;
  return (
    parent.summary === feature.summary &&
    parent.statusCategory === feature.statusCategory &&
    parent.commitments.length === feature.commitments.length &&
    parent.commitments.every((c, i) => c === feature.commitments[i])
  );
}

function linksStillAsRead(links: readonly IssueLink[], statuses: ReadonlyMap<string, IssueLink['statusCategory']>, gone: ReadonlySet<string>): boolean {
  return links.every((l) => !gone.has(l.key) && (statuses.get(l.key) ?? l.statusCategory) === l.statusCategory);
}
