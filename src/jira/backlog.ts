/**
 * Loads one team's backlog as domain facts, with what the app needs around it (board, sprints, points per
 * closed sprint, parent features), in as few requests as the data allows: independent reads run together.
 */

import type { IssueFacts } from '../domain/facts';
import { isKnownTimeZone } from '../domain/calendar';
import { getBoardConfiguration, listScrumBoards, listSprints } from './agile';
import { loadArrivals, type ClosedSprintArrivals } from './arrivals';
import { listFields, resolveFieldMapForProject, type FieldChoices, type FieldOverrides, type JiraFieldInfo } from './fields';
import { blockingRulesFor, listLinkTypes, type BlockingLinkRule } from './links';
import { issueWarning, NO_BLOCKING_LINK_WARNING, type JiraWarning } from './warnings';
import { readFeatures } from './features';
import { datedDependents, fetchDependents, issueDependentKeys, withDependents, type DependentReadOptions, type DependentsRead, type RawDependent } from './dependents';
import type { JiraHttp } from './http';
import { asRecord, asString } from './json';
import { assertProjectKey, JQL_NOT_DONE, JQL_ORDER_BY_RANK, jql, jqlProjectIn } from './jql';
import { fieldsForBacklog, isBacklogItem, mapIssueToFacts, namedOptionFieldsOf, parentFromFeature, unusableReason, type OptionScores } from './mapping';
import { route } from './route';
import { readIssuesInOrder } from './ordered-read';
import { BULK_FETCH_MAX } from './bulk-fetch';
import type { PoolLimits } from './pool';
import type { ProgressCallback } from './search';
import type { BoardConfiguration, ClosedSprintPoints, FeatureFacts, FieldMap, JiraIssueJson, JiraSprint } from './types';
import { loadClosedSprintPoints } from './velocity';

export interface TeamBacklogRequest {
  projectKey: string;
  /** The team's Scrum board; when absent, the project's first Scrum board. */
  boardId?: number;
  fieldOverrides?: FieldOverrides;
  /** Closed sprints to compute completed points for (default 6). */
  velocitySprints?: number;
  /**
   * The user's time zone for JQL dates, or its read under way (the load's first reads go out meanwhile: only the
   * closed sprints' searches need it); when absent it is read from `/myself`.
   */
  timeZone?: string | Promise<string>;
  onProgress?: ProgressCallback;
  /**
   * Told the board's sprints, the field map and the time zone as soon as they are read, while the issues are
   * still coming: a caller can start its own reads that need only those (the Balance tab's closed sprints).
   */
  onSetup?: (setup: BacklogSetup) => void;
  now?: () => Date;
  /** How many bulk fetches may run at once (default `DEFAULT_POOL_LIMITS`); `{ initial: 1, max: 1 }` reads one after another. */
  readPool?: PoolLimits;
  /** Names of the link types the PO counts as blocking; absent: guessed from the site's link types. */
  blockingLinkTypes?: readonly string[];
  /** Resolutions the PO marks as dropped (left out of velocity and done figures), besides the usual ones. */
  droppedResolutions?: readonly string[];
  /** Per select-list WSJF field with named options, the number each option stands for (the PO's mapping). */
  wsjfOptionScores?: OptionScores;
}

/** What a load knows before its issues: see `TeamBacklogRequest.onSetup`. */
export type BacklogSetup = Pick<TeamBacklog, 'sprints' | 'fieldMap' | 'timeZone'>;

/** A loaded team backlog; plain data (no Maps) so it can be cached and handed to `refreshTeamBacklog`. */
export interface TeamBacklog {
  projectKey: string;
  boardId: number | null;
  boardConfiguration: BoardConfiguration;
  fieldMap: FieldMap;
  /** Open issues of the project in rank order; `rank` is the index. */
  issues: IssueFacts[];
  /** Jira's numeric id of each issue by key (for `reconcileIssueIds` after a write). */
  issueIds: Record<string, number>;
  /** Open issues of the project that are not backlog items (epics, sub-tasks), in rank order. */
  nonBacklogKeys: string[];
  sprints: JiraSprint[];
  closedSprintPoints: ClosedSprintPoints[];
  /** Issues created (any status) during each of the velocity window's closed sprints, for Health; absent in snapshots stored before it. */
  arrivals?: ClosedSprintArrivals[];
  /** Parents of backlog issues, with their PI commitments. */
  features: FeatureFacts[];
  /** When this read started (ISO); the next refresh asks for issues updated since then. */
  loadedAt: string;
  /** When the rank order was last read in full (ISO; absent: at `loadedAt`); a refresh may keep it for a while. */
  orderReadAt?: string;
  /** When parents and linked issues were last checked by key (ISO; absent: at `loadedAt`); see refresh-related.ts. */
  relatedReadAt?: string;
  timeZone: string;
  velocitySprints: number;
  /** Non-fatal gaps a PO may want to know about (e.g. a parent that could not be read), per-issue ones included. */
  warnings: JiraWarning[];
  /**
   * By dependent (an issue our items block in another project), what could not be read about it, as its last
   * read found: a refresh reads only the dependents updated since, and keeps the others' (see `readChangedDependents`).
   * Absent in snapshots stored before it: their next refresh reads every dependent.
   */
  dependentWarnings?: Record<string, JiraWarning>;
  /** Per open issue, what could not be read about it ("created date ... is not a date"); kept across refreshes. */
  issueWarnings?: Record<string, JiraWarning[]>;
  /** Link types counted as blocking (absent in snapshots stored before they were configurable: "Blocks"). */
  blockingLinkTypes?: BlockingLinkRule[];
  /** Fields chosen among look-alikes with the same name, and the alternatives (see `resolveFieldMapForProject`). */
  fieldChoices?: FieldChoices;
  /** Resolutions the PO marked as dropped when this was loaded. */
  droppedResolutions?: string[];
  /** Mapped fields that are single-select lists (WSJF scored with options): written by option, not as numbers. */
  selectFields?: string[];
  /** The PO's option -> number mapping this was read with (a refresh reads, and a write writes, through it). */
  wsjfOptionScores?: OptionScores;
  /** Select fields seen holding options that are words ("High"): scores are written to them only through the PO's mapping. */
  namedOptionFields?: string[];
  /** `BACKLOG_FORMAT` when loaded; a refresh recomputes the sprint history of a snapshot from an older one. */
  format?: number;
}

/**
 * How the loaded figures are counted. 2: velocity and arrivals count backlog items only (not epics and
 * sub-tasks); 3: closed sprints also count their unplanned points. A snapshot of an older format gets them
 * recomputed by its next refresh rather than at the next sprint.
 */
export const BACKLOG_FORMAT = 3;

export const BACKLOG_ORDER = JQL_ORDER_BY_RANK;

export function backlogWhere(projectKey: string): string {
  return jql([jqlProjectIn([projectKey]), JQL_NOT_DONE]);
}

export async function readUserTimeZone(http: JiraHttp): Promise<string> {
  return timeZoneOf(await http.get(route`/rest/api/3/myself`));
}

/** Zones that say nothing about where a site's people are: a Cloud server's own clock. */
const SERVER_CLOCK_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Etc/UCT', 'UCT', 'Universal', 'Zulu', 'Etc/Universal', 'Etc/Zulu']);

/**
 * The site's default time zone as Jira names it (`serverInfo.serverTimeZone`, readable by anyone), or null when
 * it names none this runtime knows, or only UTC (a server's clock, not a place: the caller falls back further).
 */
export async function readSiteTimeZone(http: JiraHttp): Promise<string | null> {
  const zone = asString(asRecord(await http.get(route`/rest/api/3/serverInfo`))?.serverTimeZone);
  return zone && isKnownTimeZone(zone) && !SERVER_CLOCK_ZONES.has(zone) ? zone : null;
}

/** The time zone a `/myself` answer names, when this runtime knows it; UTC otherwise (JQL dates need one). */
export function timeZoneOf(myself: unknown): string {
  const zone = asString(asRecord(myself)?.timeZone);
  return zone && isKnownTimeZone(zone) ? zone : 'UTC';
}

async function resolveBoardId(http: JiraHttp, request: TeamBacklogRequest): Promise<number | null> {
  if (request.boardId !== undefined) return request.boardId;
  const boards = await listScrumBoards(http, request.projectKey);
  return boards[0]?.id ?? null;
}

export function issueIdsOf(issues: readonly JiraIssueJson[]): Record<string, number> {
  const ids: Record<string, number> = {};
  for (const issue of issues) {
    const id = Number(issue.id);
    if (Number.isSafeInteger(id) && id > 0) ids[issue.key] = id;
  }
  return ids;
}

/** Ids of the given keys in a loaded backlog, for `reconcileIssueIds` after writing them. */
export function issueIdsFor(backlog: Pick<TeamBacklog, 'issueIds'>, keys: readonly string[]): number[] {
  return keys.map((k) => backlog.issueIds[k]).filter((id): id is number => id !== undefined);
}

export function parentKeysOf(issues: readonly JiraIssueJson[]): string[] {
  return [
    ...new Set(
      issues.map((i) => asString(asRecord(asRecord(i.fields)?.parent)?.key)).filter((k): k is string => k !== null),
    ),
  ];
}

export async function loadTeamBacklog(http: JiraHttp, request: TeamBacklogRequest): Promise<TeamBacklog> {
  const projectKey = assertProjectKey(request.projectKey);
  const startedAt = (request.now ?? (() => new Date()))();
  const velocitySprints = request.velocitySprints ?? 6;

  const boardIdPromise = resolveBoardId(http, request);
  const configPromise: Promise<BoardConfiguration> = boardIdPromise.then((id) =>
    id === null ? { estimationFieldId: null, rankFieldId: null } : getBoardConfiguration(http, id),
  );
  const sprintsPromise = boardIdPromise.then((id) => (id === null ? [] : listSprints(http, id)));
  const timeZonePromise = request.timeZone !== undefined ? Promise.resolve(request.timeZone) : readUserTimeZone(http);
  // The field list does not depend on the board: read both at once, resolve when both are in.
  const fieldListPromise = listFields(http);
  const fieldMapPromise = Promise.all([fieldListPromise, configPromise]).then(([fields, config]) =>
    resolveFieldMapForProject(http, projectKey, fields, request.fieldOverrides, config.estimationFieldId),
  );
  const blockingPromise = listLinkTypes(http).then((types) => blockingRulesFor(types, request.blockingLinkTypes));
  // Each batch is mapped as its turn in rank order comes (parents as the issues embed them), so the raw JSON
  // of a large backlog is never held all at once; the parents' own reads replace them afterwards.
  const issues: IssueFacts[] = [];
  const issueIds: Record<string, number> = {};
  const nonBacklogKeys: string[] = [];
  const noFeatures = new Map<string, FeatureFacts>();
  const issueWarnings: Record<string, JiraWarning[]> = {};
  const onProblem = (key: string, problem: JiraWarning): void => void (issueWarnings[key] ??= []).push(problem);
  const namedOptionFields = new Set<string>();
  // Parents are read a bulk fetch's worth at a time as the issues naming them arrive, so only the last few
  // are left to read once the last issue is in (they used to be read all after it, the load's last wait).
  const parents = new ParentReads(http);
  // The same for the issues our stories block in other teams' projects: read as the stories naming them arrive.
  let dependents: DependentReads | null = null;
  const setupPromise = Promise.all([boardIdPromise, configPromise, sprintsPromise, timeZonePromise, fieldMapPromise, blockingPromise]);
  // The backlog's keys need only the project: their search runs beside the reads above, and the fields are
  // fetched once the field map is known (the first key page would otherwise wait for that whole chain).
  let mapping: { fieldMap: FieldMap; blockingLinkTypes: BlockingLinkRule[] } | null = null;
  const read = readIssuesInOrder(
    http,
    {
      where: backlogWhere(projectKey),
      orderBy: BACKLOG_ORDER,
      fields: setupPromise.then(([, , , timeZone, { fieldMap }, blockingLinkTypes]) => {
        mapping = { fieldMap, blockingLinkTypes };
        dependents = new DependentReads(http, { fieldMap, optionScores: request.wsjfOptionScores, now: startedAt, timeZone, pool: request.readPool });
        return fieldsForBacklog(fieldMap);
      }),
      onProgress: request.onProgress,
      countForProgress: true,
      pool: request.readPool,
    },
    (raw) => keepIssue(raw),
  );
  read.catch(() => undefined);
  let setup: Awaited<typeof setupPromise>;
  try {
    setup = await setupPromise;
  } catch (error) {
    // Settle everything before throwing so no request is left running unobserved.
    await Promise.allSettled([read, boardIdPromise, configPromise, sprintsPromise, timeZonePromise, fieldMapPromise, blockingPromise]);
    throw error;
  }
  const [boardId, boardConfiguration, sprints, timeZone, { fieldMap, choices: fieldChoices }, blockingLinkTypes] = setup;
  request.onSetup?.({ sprints, fieldMap, timeZone });
  const droppedResolutions = [...(request.droppedResolutions ?? [])];

  // Called only for fetched issues, so after the fields (and with them `mapping`) are known.
  function keepIssue(raw: JiraIssueJson): void {
    const { fieldMap: fields, blockingLinkTypes: blocking } = mapping as NonNullable<typeof mapping>;
    // An issue that cannot be used is left out like an epic (and named in a warning), never guessed at.
    const unusable = isBacklogItem(raw) ? unusableReason(raw) : null;
    if (unusable) onProblem(raw.key, unusable);
    if (!isBacklogItem(raw) || unusable) {
      nonBacklogKeys.push(raw.key);
      return;
    }
    const issue = mapIssueToFacts(raw, issues.length, { fieldMap: fields, features: noFeatures, blocking, onProblem, optionScores: request.wsjfOptionScores });
    issues.push(issue);
    if (issue.parent) parents.add(issue.parent.key);
    for (const key of issueDependentKeys(issue, projectKey)) (dependents as DependentReads).add(key);
    for (const id of namedOptionFieldsOf(raw, fields)) namedOptionFields.add(id);
    const id = Number(raw.id);
    if (Number.isSafeInteger(id) && id > 0) issueIds[raw.key] = id;
  }
  const [, closedSprintPoints, arrivals] = await Promise.all([
    read,
    loadClosedSprintPoints(http, { projectKey, fieldMap, sprints, count: velocitySprints, timeZone, droppedResolutions }),
    loadArrivals(http, { projectKey, sprints, count: velocitySprints, timeZone }),
  ]);

  // The last parents and the issues our stories block in other teams' projects (their sprint and WSJF), side by side.
  const [{ features, warnings: featureWarnings }, dependentRead] = await Promise.all([
    parents.all(),
    // Made with the fields, before any issue was fetched (the read resolved, so the fields did).
    (dependents as DependentReads | null)?.all() ?? Promise.resolve<DependentsRead>({ dependents: new Map(), warnings: new Map() }),
  ]);
  const warnings = [...featureWarnings, ...dependentRead.warnings.values()];
  const featureMap = new Map(features.map((f) => [f.key, f]));
  for (const issue of issues) {
    const feature = issue.parent ? featureMap.get(issue.parent.key) : undefined;
    if (feature) issue.parent = parentFromFeature(feature);
  }
  withDependents(issues, projectKey, dependentRead.dependents).forEach((issue, i) => (issues[i] = issue));
  return {
    projectKey,
    boardId,
    boardConfiguration,
    fieldMap,
    issues,
    issueIds,
    nonBacklogKeys,
    sprints,
    closedSprintPoints,
    arrivals,
    features,
    loadedAt: startedAt.toISOString(),
    timeZone,
    velocitySprints,
    warnings: backlogWarnings(issueWarnings, warnings, blockingLinkTypes),
    issueWarnings,
    dependentWarnings: Object.fromEntries(dependentRead.warnings),
    blockingLinkTypes,
    fieldChoices,
    droppedResolutions,
    selectFields: selectFieldsOf(await fieldListPromise, fieldMap),
    wsjfOptionScores: request.wsjfOptionScores,
    namedOptionFields: [...namedOptionFields],
    format: BACKLOG_FORMAT,
  };
}

/** The mapped number fields that Jira holds as single-select lists (options such as "1", "2", "3", "5"). */
function selectFieldsOf(fields: readonly JiraFieldInfo[], fieldMap: FieldMap): string[] {
  const mapped = new Set([fieldMap.storyPoints, fieldMap.businessValue, fieldMap.timeCriticality, fieldMap.riskReduction, fieldMap.jobSize]);
  return fields.filter((f) => mapped.has(f.id) && f.schemaType === 'option').map((f) => f.id);
}

/** What a PO sees: one line per issue that could not be read in full, then the backlog-wide gaps. */
export function backlogWarnings(issueWarnings: Record<string, JiraWarning[]>, other: readonly JiraWarning[], blocking: readonly BlockingLinkRule[] | undefined): JiraWarning[] {
  const perIssue = Object.entries(issueWarnings).map(([key, problems]) => issueWarning(key, problems));
  return [...perIssue, ...other, ...(blocking && blocking.length === 0 ? [NO_BLOCKING_LINK_WARNING] : [])];
}

/**
 * Reads dependents by key as they become known, a bulk fetch (100) at a time; `all` reads the rest and dates their
 * sprints: the same as one `readDependents` of them all in key order.
 */
class DependentReads {
  private readonly seen = new Set<string>();
  private waiting: string[] = [];
  private readonly reads: Promise<RawDependent[]>[] = [];

  constructor(
    private readonly http: JiraHttp,
    private readonly options: DependentReadOptions,
  ) {}

  add(key: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.waiting.push(key);
    if (this.waiting.length >= BULK_FETCH_MAX) this.flush();
  }

  async all(): Promise<DependentsRead> {
    this.flush();
    const raw = (await Promise.all(this.reads)).flat().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return datedDependents(this.http, raw, this.options);
  }

  private flush(): void {
    if (this.waiting.length === 0) return;
    const read = fetchDependents(this.http, [...this.waiting].sort(), this.options);
    // Awaited in `all`; until then a failure must not count as unhandled.
    read.catch(() => undefined);
    this.reads.push(read);
    this.waiting = [];
  }
}

/** Reads parents by key as they become known, a bulk fetch (100) at a time; `all` reads the rest. */
class ParentReads {
  private readonly seen = new Set<string>();
  private waiting: string[] = [];
  private readonly reads: Promise<{ features: FeatureFacts[]; warnings: JiraWarning[] }>[] = [];

  constructor(private readonly http: JiraHttp) {}

  add(key: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.waiting.push(key);
    if (this.waiting.length >= BULK_FETCH_MAX) this.flush();
  }

  /** Every parent added, in key order (as one `readFeatures` of them all gives them); fails if any read failed. */
  async all(): Promise<{ features: FeatureFacts[]; warnings: JiraWarning[] }> {
    this.flush();
    const parts = await Promise.all(this.reads);
    const features = parts.flatMap((p) => p.features).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { features, warnings: parts.flatMap((p) => p.warnings) };
  }

  private flush(): void {
    if (this.waiting.length === 0) return;
    const read = readFeatures(this.http, this.waiting);
    // Awaited in `all`; until then a failure must not count as unhandled.
    read.catch(() => undefined);
    this.reads.push(read);
    this.waiting = [];
  }
}
