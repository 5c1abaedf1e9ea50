import {
  readyGapTypes,
  currentPi,
  dayInZone,
  derivePis,
  pisAfterCalendar,
  estimateIterationCapacity,
  pointsKnownAt,
  readyPolicyFrom,
  splitPolicyFrom,
  rerankOrder,
  upcomingIterations,
  velocity as domainVelocity,
  workingDays,
  toBacklogItems,
  type Allocation,
  type BacklogContext,
  type BacklogItem,
  type IssueFacts,
  type ReadyPolicy,
  type SplitPolicy,
  type WorkTypeConfig,
  type CapacityText,
} from '../domain';
import { loadTeamBacklog, refreshTeamBacklog, TAIL_LABEL, type BacklogSetup, type FieldMap, type JiraSprint, type TeamBacklog } from '../jira';
import { askIssueEarly, snapshotHeadMeta, withFreshIssue, type AskedIssue } from '../jira/issue-refresh';
import type { FieldOverrides as JiraFieldOverrides } from '../jira';
import type { AllocationValue, CommittedBaseline, EffectiveSettings } from '../storage';
import type { CapacitySource, I18nMessage, IterationSettings, PiSettings, ProjectSettings } from '../contracts';
import { i18nOf } from './failures';
import { finishBeforeAnswer, type CallContext } from './context';
import { AppFailure } from '../contracts/errors';
import { readTimeZone, teamTimeZone } from './access';
import { withHiddenLinks } from './hidden-links';
import { keepItemsVersion, markSnapshotIssues } from './stored-plan';

/** One iteration of a PI with its capacity and where that figure came from. */
export interface IterationPlan {
  id: string;
  name: string;
  start: string;
  end: string;
  sprintId: number | null;
  /** The state of its Jira sprint (absent: no sprint): Jira decides what is running or still to come, not the dates. */
  sprintState?: JiraSprint['state'];
  capacity: number;
  source: CapacitySource;
  detail: string;
  detailText: CapacityText;
}

export interface PiPlan {
  id: string;
  name: string;
  start: string;
  end: string;
  iterations: IterationPlan[];
}

/** Everything the panel's reads derive from, loaded once per call. */
export interface TeamData {
  projectKey: string;
  settings: ProjectSettings;
  settingsVersion: number;
  backlog: TeamBacklog;
  /** Program projects in effect (settings, or the projects of the backlog's parents when none are set). */
  programProjects: string[];
  pis: PiPlan[];
  pi: PiPlan;
  /** Open backlog items in backlog (priority) order; shared by the reads of one backlog version, never changed. */
  items: readonly BacklogItem[];
  readyPolicy: ReadyPolicy;
  splitPolicy: SplitPolicy;
  /** Capacity of the next iteration (for split limits and the refinement report). */
  iterationCapacity: number;
  velocity: number;
  allocation: { percents: AllocationValue; version: number; savedBy: string | null; savedAt: string | null; isDefault: boolean; problem?: string; problemI18n?: I18nMessage };
  now: Date;
  /** The zone the team's days are counted in (`teamTimeZone`): "today", iterations and PI quarters are its days. */
  timeZone: string;
  /** The PI's committed-order snapshot as stored after this read; undefined while no committed story was seen. */
  committedBaseline?: CommittedBaseline;
}

export function workTypeConfig(settings: Pick<ProjectSettings, 'workTypes' | 'workTypeRules' | 'defaultWorkType'>): WorkTypeConfig {
  return { workTypes: settings.workTypes, rules: settings.workTypeRules, defaultWorkType: settings.defaultWorkType };
}

function jiraOverrides(settings: ProjectSettings): JiraFieldOverrides {
  const out: JiraFieldOverrides = {};
  for (const [role, id] of Object.entries(settings.fieldOverrides) as [keyof ProjectSettings['fieldOverrides'], string | null][]) {
    if (id) out[role] = id;
  }
  return out;
}

/** A stored snapshot older than this is rewritten after a refresh, so refreshes stay small. */
const SNAPSHOT_REFRESH_MS = 30 * 60_000;

export function backlogRequest(projectKey: string, settings: ProjectSettings, now: () => Date) {
  return {
    projectKey,
    boardId: settings.boardId ?? undefined,
    fieldOverrides: jiraOverrides(settings),
    now,
    blockingLinkTypes: settings.blockingLinkTypes ?? undefined,
    droppedResolutions: settings.droppedResolutions ?? [],
    wsjfOptionScores: settings.wsjfOptionScores,
  };
}

/**
 * The team backlog as the user sees it. In order of cost: this instance's memory (refreshed incrementally),
 * the user's stored snapshot (written by a full load or the `load` job; refreshed incrementally), a full load.
 * Everything is per user and settings version, so nobody is shown what another user's permissions allow.
 */
export async function teamBacklog(
  ctx: CallContext,
  projectKey: string,
  effective: EffectiveSettings,
  reads: BacklogReads = 'any',
  onSetup?: (setup: BacklogSetup) => void,
): Promise<TeamBacklog> {
  const cacheKey = `${projectKey}|${ctx.accountId}|${effective.version}`;
  if (typeof reads === 'object' && 'issueKey' in reads && !ctx.platform.backlogCache.get(cacheKey)) {
    const answered = await recentSnapshotWithIssue(ctx, projectKey, effective, reads.issueKey);
    if (answered) return answered;
  }
  if (typeof reads === 'object' && 'refreshedWithinMs' in reads) {
    const cached = ctx.platform.backlogCache.get(cacheKey);
    if (cached && ctx.platform.now().getTime() - Date.parse(cached.loadedAt) < reads.refreshedWithinMs) return cached;
  }
  if (reads !== 'any' && !ctx.platform.backlogCache.get(cacheKey)) {
    // Only the presence is checked here; the shared load below refreshes whichever copy exists.
    if (!(await ctx.platform.store.hasBacklogSnapshot(projectKey, ctx.accountId, effective.version))) throw new BacklogNotLoaded(projectKey);
  }
  // The panel's reads (Balance and the prefetched Backlog) ask at once: one refresh serves both.
  return ctx.platform.backlogCache.shareLoad(cacheKey, () => loadOrRefresh(ctx, projectKey, effective, cacheKey, onSetup));
}

/**
 * `any`: whatever it takes, a full load if nothing was loaded before; `loadedOnly`: only an incremental refresh
 * of what this instance or the stored snapshot holds (a view that must answer within Forge's 25 s whatever the
 * backlog's size), else `BacklogNotLoaded`; `{ refreshedWithinMs }`: as `loadedOnly`, but a backlog this
 * instance refreshed less than that long ago is taken as it is (the ART view reads every team of the train at
 * once: each is refreshed when due, not on every open).
 */
export type BacklogReads = 'any' | 'loadedOnly' | { issueKey: string } | { refreshedWithinMs: number };

/**
 * `{ issueKey }`: as `loadedOnly`, but an instance without the backlog in memory answers from a stored snapshot
 * of at most this age with only that issue read again (a view about one issue: the issue panel), rather than
 * refreshing the whole snapshot first. The snapshot is rewritten after a refresh once it is older than
 * `SNAPSHOT_REFRESH_MS`, so while the team works it stays about that recent.
 */
export const SNAPSHOT_ANSWER_MAX_AGE_MS = 30 * 60_000;

async function recentSnapshotWithIssue(ctx: CallContext, projectKey: string, effective: EffectiveSettings, issueKey: string): Promise<TeamBacklog | null> {
  // The issue is asked while the snapshot is read and inflated (its head names the fields): the two overlap.
  let asked: AskedIssue | undefined;
  const recent = (savedAt: string): boolean => ctx.platform.now().getTime() - Date.parse(savedAt) <= SNAPSHOT_ANSWER_MAX_AGE_MS;
  const read = await ctx.platform.store.readBacklogSnapshot<TeamBacklog>(projectKey, ctx.accountId, effective.version, (head) => {
    if (recent(head.savedAt)) asked = askIssueEarly(ctx.http, issueKey, head.meta);
  });
  if (!read || !isWholeBacklog(read.value) || !recent(read.savedAt)) return null;
  // The issue unchanged, this is the snapshot's content: the plan stored beside it may answer (stored-plan.ts).
  markSnapshotIssues(read.value.issues, read.generation);
  // Not cached: the rest of it is as last read, so the next panel read refreshes the snapshot in full.
  return withFreshIssue(ctx.http, read.value, issueKey, asked);
}

/** No loaded backlog of this user and settings version exists yet: the background load has to run first. */
export class BacklogNotLoaded extends Error {
  override readonly name = 'BacklogNotLoaded';
  constructor(readonly projectKey: string) {
    super(`Backlog balance has not loaded ${projectKey}'s backlog for you yet.`);
  }
}

/**
 * The user's zone, its read under way: a first load needs it only for the closed sprints' JQL dates, so the board,
 * fields and keys go out meanwhile. Observed here: a load that fails before taking it must not leave it unhandled.
 */
function userZoneUnderWay(ctx: CallContext): Promise<string> {
  const zone = readTimeZone(ctx);
  zone.catch(() => undefined);
  return zone;
}

/** `onSetup`: see `TeamBacklogRequest.onSetup` (told on a full load only: a refresh is quick anyway). */
async function loadOrRefresh(ctx: CallContext, projectKey: string, effective: EffectiveSettings, cacheKey: string, onSetup?: (setup: BacklogSetup) => void): Promise<TeamBacklog> {
  const now = () => ctx.platform.now();
  // Jira reads JQL dates in the user's zone as it is now: a refresh formats them in that zone, never the one
  // recorded with the backlog (the user may have changed it since; the refreshed backlog records the new one).
  const inZoneNow = async (backlog: TeamBacklog): Promise<TeamBacklog> => ({ ...backlog, timeZone: await readTimeZone(ctx) });
  const cached = ctx.platform.backlogCache.get(cacheKey);
  if (cached) return refreshTeamBacklog(ctx.http, await inZoneNow(cached), { now });
  const read = await ctx.platform.store.readBacklogSnapshot<TeamBacklog>(projectKey, ctx.accountId, effective.version);
  // A snapshot missing a part (written by an older version, or damaged) is discarded: loading afresh rebuilds it.
  const stored = read && isWholeBacklog(read.value) ? read : undefined;
  // A refresh that finds nothing new keeps this list: still the snapshot's content.
  if (stored) markSnapshotIssues(stored.value.issues, stored.generation);
  const backlog = stored
    ? await refreshTeamBacklog(ctx.http, await inZoneNow(stored.value), { now })
    : await loadTeamBacklog(ctx.http, { ...backlogRequest(projectKey, effective.settings, now), timeZone: userZoneUnderWay(ctx), onSetup });
  if (!stored || now().getTime() - Date.parse(stored.savedAt) > SNAPSHOT_REFRESH_MS) {
    // The snapshot only saves the next read work: storage refusing it (KVS over its rate) must not fail this one.
    // It is written while the call derives its answer from the backlog (the call awaits it before answering).
    const written = ctx.platform.store
      .writeBacklogSnapshot(projectKey, ctx.accountId, effective.version, backlog, snapshotHeadMeta(backlog))
      .then((generation) => markSnapshotIssues(backlog.issues, generation))
      .catch(() => undefined);
    await finishBeforeAnswer(ctx, written);
  }
  return backlog;
}

function isWholeBacklog(value: unknown): value is TeamBacklog {
  const backlog = value as Partial<TeamBacklog> | null;
  return (
    typeof backlog === 'object' &&
    backlog !== null &&
    Array.isArray(backlog.issues) &&
    Array.isArray(backlog.sprints) &&
    typeof backlog.fieldMap === 'object' &&
    backlog.fieldMap !== null &&
    typeof backlog.loadedAt === 'string' &&
    // Issues read before format 3 carry no assignee: such a snapshot is read afresh once.
    (backlog.format ?? 0) >= 3
  );
}

/** How this team's issues become backlog items: its projects, the PI, its work types, the tail, its job-size field. */
export function backlogContext(data: Pick<TeamData, 'projectKey' | 'programProjects' | 'pi' | 'settings' | 'backlog'>): BacklogContext {
  return {
    teamProjectKey: data.projectKey,
    programProjectKeys: data.programProjects,
    piName: data.pi.name,
    workTypes: workTypeConfig(data.settings),
    tailLabel: TAIL_LABEL,
    separateJobSize: data.backlog.fieldMap.jobSize !== null,
  };
}

/** What a read needs to know of the PI and the backlog to start its own Jira requests for that PI. */
export interface PiKnown {
  projectKey: string;
  pi: { id: string; start: string };
  /** The backlog's field map and the zone its JQL dates are written in (the user's). */
  fieldMap: FieldMap;
  timeZone: string;
}

/** The PIs of the calendar (or derived from the board's sprints when there is none), as settings. */
function piCalendar(settings: ProjectSettings, sprints: readonly JiraSprint[], now: Date, timeZone: string): PiSettings[] {
  // With a calendar, the PIs its board's later sprints imply follow it: the next PI can be picked as soon as its
  // first sprint exists, before the PO adds it to the calendar.
  return settings.pis.length > 0 ? [...settings.pis, ...pisAfterCalendar(settings.pis, sprints, now, timeZone)] : derivePis(sprints, now, timeZone);
}

const sameKnown = (a: PiKnown, b: PiKnown): boolean =>
  a.pi.id === b.pi.id && a.pi.start === b.pi.start && a.timeZone === b.timeZone && JSON.stringify(a.fieldMap) === JSON.stringify(b.fieldMap);

/**
 * `onPi`: told the PI (and what of the backlog a read needs with it) as soon as it is known, so a read can start
 * its own Jira requests for that PI meanwhile: on a full load once the board's sprints are read, while the issues
 * are still coming; else before the items are derived (the longest compute of a read at 50k). Told again only
 * if what the whole backlog gives differs from what was told early.
 */
export async function loadTeamData(
  ctx: CallContext,
  projectKey: string,
  piId: string | undefined,
  reads: BacklogReads = 'any',
  onPi?: (known: PiKnown) => void,
): Promise<TeamData> {
  const effective = await ctx.platform.store.effectiveSettings(projectKey);
  const { settings } = effective;
  const zone = teamTimeZone(ctx, settings);
  // Asked beside the backlog; a failed backlog read must not leave the zone's rejection unobserved.
  zone.catch(() => undefined);
  let toldEarly: PiKnown | null = null;
  const onSetup = onPi
    ? (setup: BacklogSetup): void => {
        void zone
          .then(({ zone: teamZone }) => {
            const now = ctx.platform.now();
            const calendar = piCalendar(settings, setup.sprints, now, teamZone);
            if (calendar.length === 0) return;
            const early = piId === undefined ? currentPi(calendar, isoDay(now, teamZone)) : calendar.find((p) => p.id === piId);
            if (!early) return;
            toldEarly = { projectKey, pi: { id: early.id, start: early.start }, fieldMap: setup.fieldMap, timeZone: setup.timeZone };
            onPi(toldEarly);
          })
          .catch(() => undefined);
      }
    : undefined;
  const backlog = await teamBacklog(ctx, projectKey, effective, reads, onSetup);
  const timeZone = (await zone).zone;
  const now = ctx.platform.now();
  const programProjects =
    settings.programProjects.length > 0
      ? settings.programProjects
      : [...new Set(backlog.features.map((f) => f.projectKey).filter((k) => k !== projectKey))];

  const velocity = domainVelocity(backlog.closedSprintPoints.map((c) => c.completedPoints));
  const piSettings = piCalendar(settings, backlog.sprints, now, timeZone);
  if (piSettings.length === 0) {
    throw AppFailure.of('NOT_CONFIGURED', 'error.noCalendar', undefined, 'pis');
  }
  const pis = piSettings.map((pi) => planPi(pi, backlog, settings));
  const pi = piId === undefined ? currentPi(pis, isoDay(now, timeZone)) : pis.find((p) => p.id === piId);
  if (!pi) throw AppFailure.of('NOT_FOUND', 'error.noSuchPiInCalendar', { pi: piId ?? '' }, 'piId');
  const known: PiKnown = { projectKey, pi: { id: pi.id, start: pi.start }, fieldMap: backlog.fieldMap, timeZone: backlog.timeZone };
  if (onPi && !(toldEarly !== null && sameKnown(toldEarly, known))) onPi(known);

  const baseline = await ctx.platform.store.committedBaseline(projectKey, pi.id);
  // Counted on the items: open links to issues this user cannot see (never which: see hidden-links.ts).
  const issues = await withHiddenLinks(ctx, backlog, programProjects);
  const context = backlogContext({ projectKey, programProjects, pi, settings, backlog });
  const seen = backlogItemsInRerankOrder({ ...backlog, issues }, { ...context, committedBaseline: baseline?.keys });
  const kept = await keepCommittedBaseline(ctx, projectKey, pi.id, baseline, seen);
  const committedBaseline = kept.baseline;
  const withKept = { ...context, committedBaseline: committedBaseline?.keys };
  // A baseline taken or extended by this read lists the committed stories in the very order `seen` holds them,
  // so deriving with it gives `seen` again (10k items: ~100 ms of the first read): it is kept as what the next
  // reads derive. Only a baseline another read took first (in another order) needs the items derived with it.
  const items =
    committedBaseline === baseline ? seen : kept.asSeen ? rememberItems({ ...backlog, issues }, withKept, seen) : backlogItemsInRerankOrder({ ...backlog, issues }, withKept);
  keepItemsVersion(items, backlog.issues, issues, JSON.stringify(withKept));
  // A damaged newest save must not stop the panel: the newest readable one (or the default) is shown with why.
  const { latest: saved, newestVersion, problem, problemI18n } = await ctx.platform.store.readableAllocation(projectKey, pi.id, pi.name);
  const allocation = {
    ...(saved
      ? { percents: saved.value, savedBy: saved.savedBy || null, savedAt: saved.savedAt, isDefault: false }
      : { percents: settings.defaultAllocation, savedBy: null, savedAt: null, isDefault: true }),
    version: newestVersion,
    ...(problem ? { problem, ...(problemI18n ? { problemI18n: i18nOf(problemI18n) } : {}) } : {}),
  };
  const next = upcomingIterations(pis, pi, isoDay(now, timeZone), 1)[0];
  return {
    projectKey,
    settings,
    settingsVersion: effective.version,
    backlog,
    programProjects,
    pis,
    pi,
    items,
    readyPolicy: readyPolicyFrom(settings.dor, settings.splitLimit),
    splitPolicy: splitPolicyFrom(settings.splitLimit),
    iterationCapacity: next?.capacity ?? velocity,
    velocity,
    allocation,
    now,
    timeZone,
    committedBaseline,
  };
}

/** Keys of the committed stories in their committed order. */
export function committedKeys(items: readonly BacklogItem[]): string[] {
  return items
    .filter((i) => i.committedOrder !== null)
    .sort((a, b) => (a.committedOrder as number) - (b.committedOrder as number))
    .map((i) => i.key);
}

/**
 * Snapshots the order the first time committed stories are seen; stories committed later are appended once
 * (keeping when and by whom the baseline was taken: appending does not re-baseline). Returns the snapshot, and
 * `asSeen` when it places the committed `items` exactly as they are (taken from them, or extended by the
 * newly committed in their order after the known ones): not so when another read took the first one meanwhile.
 */
async function keepCommittedBaseline(
  ctx: CallContext,
  projectKey: string,
  piId: string,
  baseline: CommittedBaseline | undefined,
  items: readonly BacklogItem[],
): Promise<{ baseline: CommittedBaseline | undefined; asSeen: boolean }> {
  const order = committedKeys(items);
  if (order.length === 0) return { baseline, asSeen: true };
  if (!baseline) {
    const taken = await ctx.platform.store.takeFirstCommittedBaseline(projectKey, piId, { keys: order, savedAt: ctx.platform.now().toISOString(), savedBy: ctx.accountId });
    return { baseline: taken, asSeen: sameKeys(taken.keys, order) };
  }
  const known = new Set(baseline.keys);
  const added = order.filter((k) => !known.has(k));
  if (added.length === 0) return { baseline, asSeen: true };
  const extended: CommittedBaseline = { ...baseline, keys: [...baseline.keys, ...added] };
  await ctx.platform.store.putCommittedBaseline(projectKey, piId, extended);
  return { baseline: extended, asSeen: true };
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Re-baselines: the committed order becomes the current Jira rank order of the PI's committed stories. */
export async function rebaselineCommittedOrder(ctx: CallContext, data: TeamData): Promise<string[]> {
  const fresh = toBacklogItems(data.backlog.issues, backlogContext(data));
  const keys = committedKeys(fresh);
  await ctx.platform.store.putCommittedBaseline(data.projectKey, data.pi.id, {
    keys,
    savedAt: ctx.platform.now().toISOString(),
    savedBy: ctx.accountId,
  });
  return keys;
}

/** The allocation with every configured work type present (0 where unset), as the fill requires. */
export function completeAllocation(percents: Allocation, settings: ProjectSettings): Allocation {
  const out: Allocation = {};
  for (const w of settings.workTypes) out[w.id] = percents[w.id] ?? 0;
  for (const [k, v] of Object.entries(percents)) if (!(k in out)) out[k] = v;
  return out;
}

export function isReady(data: TeamData, item: BacklogItem): boolean {
  return readyGapTypes(item, data.readyPolicy, data.iterationCapacity).length === 0;
}

/** The ISO day of an instant in the team's zone, as the PI calendar compares days. */
export function isoDay(now: Date, timeZone: string): string {
  return dayInZone(now, timeZone);
}

function planPi(pi: PiSettings, backlog: TeamBacklog, settings: ProjectSettings): PiPlan {
  return {
    id: pi.id,
    name: pi.name,
    start: pi.start,
    end: pi.end,
    iterations: pi.iterations.map((it) => planIteration(it, backlog, settings)),
  };
}

/** One iteration's capacity by the domain's rules, from the velocity known when it started (the past is not rewritten). */
function planIteration(it: IterationSettings, backlog: TeamBacklog, settings: ProjectSettings): IterationPlan {
  const sprint = it.sprintId !== null ? backlog.sprints.find((s) => s.id === it.sprintId) : backlog.sprints.find((s) => s.name === it.name);
  const sprintId = sprint?.id ?? it.sprintId;
  const estimate = estimateIterationCapacity({
    manual: it.manualCapacity,
    closedSprintPoints: pointsKnownAt(backlog.closedSprintPoints, { start: it.start, sprintId }),
    members: settings.members,
    daysOffByMember: it.daysOffByMember,
    absenceDays: it.absenceDays,
    workingDays: workingDays(it.start, it.end),
  });
  return { id: it.id, name: it.name, start: it.start, end: it.end, sprintId, ...(sprint ? { sprintState: sprint.state } : {}), ...estimate };
}

/** Manual capacities per iteration the PO set for a derived calendar are kept in Settings' `pis`. */
export function iterationById(data: TeamData, id: string): IterationPlan | undefined {
  return data.pis.flatMap((p) => p.iterations).find((it) => it.id === id);
}

/**
 * The items of one loaded backlog, per context, as the last read derived them. Keyed by the backlog's issue
 * list itself: a refresh that found nothing new keeps that list (see refreshTeamBacklog), any change makes a
 * new one. The list lives in one site's, user's and project's cache entry (see siteCache), so nothing derived
 * from it can reach another tenant, and it is dropped with the backlog.
 */
const derivedItems = new WeakMap<readonly IssueFacts[], { context: string; items: readonly BacklogItem[] }>();

/**
 * The backlog items in the order "Apply order to Jira" writes (unscored items keep their slots, blockers right
 * before what they block), so the Backlog tab shows what Jira will hold. Computed once per backlog version and
 * context; the items are shared between reads and never changed after this.
 */
function backlogItemsInRerankOrder(backlog: TeamBacklog, context: BacklogContext): readonly BacklogItem[] {
  const key = JSON.stringify(context);
  const known = derivedItems.get(backlog.issues);
  if (known && known.context === key) return known.items;
  const items = toBacklogItems(backlog.issues, context);
  const byKey = new Map(items.map((i) => [i.key, i]));
  const ordered = rerankOrder(items).map((k) => byKey.get(k) as BacklogItem);
  derivedItems.set(backlog.issues, { context: key, items: ordered });
  return ordered;
}

/** Records `items` as what `backlogItemsInRerankOrder` gives for this context (the caller knows they are). */
function rememberItems(backlog: TeamBacklog, context: BacklogContext, items: readonly BacklogItem[]): readonly BacklogItem[] {
  derivedItems.set(backlog.issues, { context: JSON.stringify(context), items });
  return items;
}
