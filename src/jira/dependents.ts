/**
 * What the app reads about the issues our backlog items block in other teams' projects (the dependents of
 * stories other teams need): the sprint each sits in, which gives our story a needed-by, and its own WSJF,
 * which our story inherits (DOMAIN.md, Stories other teams need).
 *
 * One bulk fetch per 100 dependents asks for those few fields only, side by side in the read pool, so the
 * cost does not grow with the number of links; Jira leaves out, without a word, a dependent the user may not
 * see (its link is not shown to them either). A future sprint often has no dates in Jira: its start then
 * follows its board's cadence (see `derivePis`), from one read of that board's open sprints per board.
 */

import { derivePis } from '../domain/calendar';
import type { IssueFacts, IssueLink } from '../domain/facts';
import { listSprints } from './agile';
import { JiraNotFoundError, JiraPermissionError, JiraValidationError } from './errors';
import type { JiraHttp } from './http';
import { asArray, asNumber, asRecord, asString } from './json';
import { projectOfIssueKey } from './jql';
import { readFieldNumber, readPoints, type OptionScores } from './mapping';
import { fetchIssuesInOrder } from './ordered-read';
import type { PoolLimits } from './pool';
import type { FieldMap, JiraIssueJson } from './types';
import { undatedSprintWarning, type JiraWarning } from './warnings';

/** A dependent's sprint (name and start day) and priority, as `IssueLink` carries them. */
export interface DependentFacts {
  sprint: NonNullable<IssueLink['sprint']> | null;
  priority: NonNullable<IssueLink['priority']> | null;
}

/** Keys of the open issues in other projects that items of `projectKey` block: the dependents to read. */
export function dependentKeysOf(issues: readonly IssueFacts[], projectKey: string): string[] {
  const keys = new Set<string>();
  for (const issue of issues) for (const key of issueDependentKeys(issue, projectKey)) keys.add(key);
  return [...keys].sort();
}

/** The open issues of other projects that `issue` blocks (its dependents), as `dependentKeysOf` counts them. */
export function issueDependentKeys(issue: IssueFacts, projectKey: string): string[] {
  return issue.links.filter((link) => link.direction === 'blocks' && link.statusCategory !== 'done' && link.projectKey !== projectKey).map((link) => link.key);
}

export interface RawDependent {
  key: string;
  sprint: { id: number; name: string; start: string | null; boardId: number | null } | null;
  priority: DependentFacts['priority'];
}

/** The fields a dependent is read with. */
function dependentFields(fieldMap: FieldMap): string[] {
  const ids = [fieldMap.sprint, fieldMap.businessValue, fieldMap.timeCriticality, fieldMap.riskReduction, fieldMap.jobSize, fieldMap.storyPoints];
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** What `readDependents` read: the facts and, by dependent key, what could not be read about it. */
export interface DependentsRead {
  dependents: Map<string, DependentFacts>;
  warnings: Map<string, JiraWarning>;
}

export interface DependentReadOptions {
  fieldMap: FieldMap;
  optionScores?: OptionScores;
  now: Date;
  timeZone: string;
  pool?: PoolLimits;
}

/**
 * The sprint and priority of each dependent the user may see, by key. A dependent Jira does not return
 * (hidden from the user, or deleted) has no entry; one in no open sprint, or whose sprint has no start
 * Jira or its board's cadence can tell, has `sprint: null`. `warnings` says what could not be read.
 */
export async function readDependents(http: JiraHttp, keys: readonly string[], options: DependentReadOptions): Promise<DependentsRead> {
  if (keys.length === 0) return { dependents: new Map(), warnings: new Map() };
  return datedDependents(http, await fetchDependents(http, keys, options), options);
}

/** The dependents' sprints and WSJF as Jira has them (in the order of `keys`), their undated sprints not yet dated. */
export function fetchDependents(http: JiraHttp, keys: readonly string[], options: DependentReadOptions): Promise<RawDependent[]> {
  const { fieldMap } = options;
  const scores = options.optionScores ?? {};
  return fetchIssuesInOrder(http, keys.map((key) => ({ key })), dependentFields(fieldMap), (issue) => readDependent(issue, fieldMap, scores), options.pool);
}

/** Fetched dependents with their sprints dated (an undated future sprint from its board's cadence, one read per board). */
export async function datedDependents(http: JiraHttp, raw: readonly RawDependent[], options: DependentReadOptions): Promise<DependentsRead> {
  const dependents = new Map<string, DependentFacts>();
  const warnings = new Map<string, JiraWarning>();
  // Undated future sprints: their start from the board's cadence, one read per board.
  const boards = [...new Set(raw.flatMap((d) => (d.sprint && d.sprint.start === null && d.sprint.boardId !== null ? [d.sprint.boardId] : [])))];
  const projected = new Map<number, string>();
  await Promise.all(
    boards.map(async (boardId) => {
      try {
        const sprints = await listSprints(http, boardId, 'active,future');
        for (const pi of derivePis(sprints, options.now, options.timeZone)) for (const it of pi.iterations) projected.set(it.sprintId, it.start);
      } catch (error) {
        // A board the user may not see: its sprints' dates stay unknown (no needed-by), nothing else changes.
        if (error instanceof JiraPermissionError || error instanceof JiraNotFoundError) return;
        throw error;
      }
    }),
  );
  for (const d of raw) {
    const start = d.sprint ? (d.sprint.start ?? projected.get(d.sprint.id) ?? null) : null;
    dependents.set(d.key, { sprint: d.sprint && start ? { name: d.sprint.name, start } : null, priority: d.priority });
    if (d.sprint && !start) warnings.set(d.key, undatedSprintWarning(d.key, d.sprint.name));
  }
  return { dependents, warnings };
}

/**
 * The dependents of the last read (`keys`) as a refresh needs them: a change of a dependent's sprint or WSJF moves
 * its `updated`, so only those `updated` names (the keys of the linked projects' issues updated since, searched
 * beside the refresh's first reads) are read again, and the others keep what the last read found. Without that
 * search (the periodic check by key is due, or Jira refused a project), or when it does not cover a dependent's
 * project, all are read: that catches what moves no `updated` (a sprint given dates, a dependent deleted or
 * hidden since). `all` says which happened.
 */
export async function readChangedDependents(
  http: JiraHttp,
  keys: readonly string[],
  updated: { projects: readonly string[]; keys: Promise<string[]> } | undefined,
  options: DependentReadOptions,
): Promise<DependentsRead & { read: readonly string[]; all: boolean }> {
  const covered = updated !== undefined && keys.every((key) => updated.projects.includes(projectOfIssueKey(key)));
  if (covered) {
    try {
      const changed = new Set(await updated.keys);
      const read = keys.filter((key) => changed.has(key));
      return { ...(await readDependents(http, read, options)), read, all: false };
    } catch (error) {
      if (!(error instanceof JiraValidationError)) throw error;
    }
  }
  return { ...(await readDependents(http, keys, options)), read: keys, all: true };
}

/** What the issues' links say of each dependent (as the last `withDependents` put it there), by key. */
export function dependentFactsOf(issues: readonly IssueFacts[], projectKey: string): Map<string, DependentFacts> {
  const facts = new Map<string, DependentFacts>();
  for (const issue of issues) {
    for (const link of issue.links) {
      if (link.direction === 'blocks' && link.statusCategory !== 'done' && link.projectKey !== projectKey) {
        facts.set(link.key, { sprint: link.sprint ?? null, priority: link.priority ?? null });
      }
    }
  }
  return facts;
}

function readDependent(issue: JiraIssueJson, fieldMap: FieldMap, scores: OptionScores): RawDependent {
  const fields = asRecord(issue.fields) ?? {};
  const bv = readFieldNumber(fields, fieldMap.businessValue, scores);
  const tc = readFieldNumber(fields, fieldMap.timeCriticality, scores);
  const rr = readFieldNumber(fields, fieldMap.riskReduction, scores);
  const jobSize = readFieldNumber(fields, fieldMap.jobSize, scores) ?? (fieldMap.jobSize === null ? readPoints(fields[fieldMap.storyPoints]) : null);
  return {
    key: issue.key,
    sprint: fieldMap.sprint === null ? null : openSprintOf(fields[fieldMap.sprint]),
    priority: bv !== null && tc !== null && rr !== null ? { costOfDelay: bv + tc + rr, jobSize } : null,
  };
}

/** The sprint an issue is in now: the active one, else the earliest future one (by id); closed ones do not count. */
function openSprintOf(value: unknown): RawDependent['sprint'] {
  let active: RawDependent['sprint'] = null;
  let future: RawDependent['sprint'] = null;
  for (const item of asArray(value)) {
    const sprint = asRecord(item);
    const id = asNumber(sprint?.id);
    const state = asString(sprint?.state)?.toLowerCase();
    if (!sprint || id === null || (state !== 'active' && state !== 'future')) continue;
    const start = asString(sprint.startDate);
    const read = { id, name: asString(sprint.name) ?? `Sprint ${id}`, start: start && Number.isFinite(Date.parse(start)) ? start.slice(0, 10) : null, boardId: asNumber(sprint.boardId) };
    if (state === 'active') active = read;
    else if (future === null || id < future.id) future = read;
  }
  return active ?? future;
}

/**
 * The issues with each dependent's sprint and priority on the links to it (`dependents` from `readDependents`);
 * a link to a dependent not read (hidden, deleted, or done) gets neither. The same object where nothing changes.
 */
export function withDependents(issues: readonly IssueFacts[], projectKey: string, dependents: ReadonlyMap<string, DependentFacts>): IssueFacts[] {
  return issues.map((issue) => {
    // A links list is copied only for an issue whose dependents changed: a refresh runs this over every issue.
    let links: IssueLink[] | null = null;
    issue.links.forEach((link, i) => {
      if (link.direction !== 'blocks' || link.projectKey === projectKey) return;
      const read = link.statusCategory === 'done' ? undefined : dependents.get(link.key);
      const sprint = read?.sprint ?? null;
      const priority = read?.priority ?? null;
      if (sameSprint(link.sprint ?? null, sprint) && samePriority(link.priority ?? null, priority)) return;
      links ??= [...issue.links];
      links[i] = { ...link, sprint, priority };
    });
    return links ? { ...issue, links } : issue;
  });
}

function sameSprint(a: DependentFacts['sprint'], b: DependentFacts['sprint']): boolean {
  return a === b || (a !== null && b !== null && a.name === b.name && a.start === b.start);
}

function samePriority(a: DependentFacts['priority'], b: DependentFacts['priority']): boolean {
  return a === b || (a !== null && b !== null && a.costOfDelay === b.costOfDelay && a.jobSize === b.jobSize);
}

/**
 * Which of `keys` the user may see now: one bulk fetch per 100 (the status only), side by side. Jira leaves out,
 * without a word, an issue the user may not browse (or that was deleted); the answer names only those it returned.
 */
export async function visibleIssueKeys(http: JiraHttp, keys: readonly string[], pool?: PoolLimits): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const found = await fetchIssuesInOrder(http, [...new Set(keys)].sort().map((key) => ({ key })), ['status'], (issue) => issue.key.toUpperCase(), pool);
  return new Set(found);
}
