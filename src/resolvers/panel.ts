import { makeResolver } from '@forge/resolver';
import {
  allocationView,
  backlogHealth,
  donePointsByType,
  FIBONACCI_SCALE,
  refinementReport,
  rankRuns,
  rerankPlan,
  sliceCapacity,
  toBacklogItems,
  validateAllocation,
  type BacklogItem,
  type Allocation,
  type RefinementReport,
} from '../domain';
import {
  DEFAULT_TRIM_STATUSES,
  labelAsTail,
  removeTailLabel,
  isBacklogItem,
  mapIssueToFacts,
  searchAllIssues,
  setIssueNumbers,
  splitIssue,
  TAIL_LABEL,
  fieldsForBacklog,
} from '../jira';
import { JQL_IN_CLOSED_SPRINTS, jql, jqlProjectIn, jqlUpdatedSince } from '../jira/jql';
import type { Host } from '../platform/types';
import type { TailIdleNotes } from '../storage';
import { isDroppedWork } from '../jira/statuses';
import type { CommitFillInput, RerankInput, TrimTailInput } from '../jobs/types';
import type {
  BalanceDto,
  BacklogDto,
  PiChoiceDto,
  CommitFillPreviewDto,
  FillDto,
  FillRequest,
  HealthDto,
  LeftOutRow,
  PanelDefinitions,
  RefinementDto,
  RerankPreviewDto,
  TrimPreviewDto,
  WriteOutcomeDto,
} from '../contracts';
import { requireProject, resolverFunction, type CallContext } from './context';
import { backlogRow, issueRef, statusCode, truncate, workTypeIndexOf } from '../usecases/dto';
import { AppFailure } from '../contracts/errors';
import { jobStatus, newToken, startBackgroundLoad, startJob, TOKEN_TTL_MS } from '../usecases/jobs';
import { tailItems } from '../usecases/fill-items';
import { planFill, type FillComputation } from '../usecases/fill-plan';
import { leftOutDetail, leftOutLookup } from '../usecases/left-out';
import { projectAccess, readAccess, readMeOnce, readProjectName, requirePlan, requireRead, whoAmIDto } from '../usecases/access';
import * as s from '../contracts/payloads';
import { backlogContext, completeAllocation, loadTeamData, rebaselineCommittedOrder, teamBacklog, type IterationPlan, type TeamData } from '../usecases/team-data';

/** Reads as the user after checking they may browse the project. */
async function readTeam(ctx: CallContext, piId?: string): Promise<TeamData> {
  const projectKey = requireProject(ctx);
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  requireRead(await readAccess(ctx, projectKey, settings.editors), projectKey);
  return loadTeamData(ctx, projectKey, piId);
}

/** Writes: the project's admins or the roles/groups named in Settings, checked with Jira for every call. */
async function requireWriter(ctx: CallContext): Promise<string> {
  const projectKey = requireProject(ctx);
  if (ctx.platform.readOnly) throw new AppFailure('FORBIDDEN', 'This local run is read-only: restart it with --allow-writes to change Jira.');
  const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
  const access = await projectAccess(ctx.http, projectKey, settings.editors);
  requireRead(access, projectKey);
  requirePlan(access);
  return projectKey;
}

function requireOwnIssues(projectKey: string, keys: string[], field: string): void {
  keys.forEach((key, i) => {
    if (!key.startsWith(`${projectKey}-`)) throw new AppFailure('INVALID_INPUT', `${key} is not an issue of ${projectKey}.`, `${field}.${i}`);
  });
}

function afterWrite(ctx: CallContext, projectKey: string): void {
  ctx.platform.backlogCache.forget(`${projectKey}|`);
}

function toOutcome(outcome: { changed: string[]; notChanged: { key: string; reason: string }[] }): WriteOutcomeDto {
  return { changed: outcome.changed, failed: outcome.notChanged.map((n) => ({ key: n.key, reason: n.reason })) };
}

function refinement(data: TeamData): RefinementReport {
  return refinementReport(data.items, {
    now: data.now,
    iterationCapacity: data.iterationCapacity,
    velocity: data.velocity,
    team: { teamProjectKey: data.projectKey, programProjectKeys: data.programProjects },
    staleDays: data.settings.staleDays,
    readyPolicy: data.readyPolicy,
    splitPolicy: data.splitPolicy,
    // DOMAIN.md: the ready runway should cover at least two iterations, more when the PO plans further ahead.
    runwayTarget: Math.max(2, data.settings.planIterations),
  });
}

// ------------------------------------------------------------------------------------------------ balance

/**
 * Done issues of the project's closed sprints touched since the PI began (work finished in the PI was updated
 * then at the latest), as backlog items for planned/done points per work type; older history is not read.
 */
async function closedSprintItems(ctx: CallContext, data: TeamData): Promise<BacklogItem[]> {
  const fieldMap = data.backlog.fieldMap;
  const since = new Date(Date.parse(`${data.pi.start}T00:00:00Z`) - 86_400_000);
  const where = jql([jqlProjectIn([data.projectKey]), JQL_IN_CLOSED_SPRINTS, jqlUpdatedSince(since, data.backlog.timeZone)]);
  const raw = await searchAllIssues(ctx.http, { where, fields: fieldsForBacklog(fieldMap) });
  const features = new Map(data.backlog.features.map((f) => [f.key, f]));
  // Backlog items only, as velocity counts them: not the epics and sub-tasks that were in those sprints too;
  // and delivered work only: not what was resolved as dropped (Won't Do, Duplicate... or marked so in Settings).
  const dropped = data.settings.droppedResolutions ?? [];
  const facts = raw
    .filter(isBacklogItem)
    .map((issue, i) => mapIssueToFacts(issue, i, { fieldMap, features, blocking: data.backlog.blockingLinkTypes }))
    .filter((f) => f.statusCategory === 'done' && !isDroppedWork(f.status, f.resolution, dropped));
  return toBacklogItems(facts, backlogContext(data));
}

/** Warnings sent to the panel at most (a site with thousands of broken issues must not fill the answer). */
const MAX_WARNINGS = 200;

async function balance(ctx: CallContext, data: TeamData): Promise<BalanceDto> {
  const percents = completeAllocation(data.allocation.percents, data.settings);
  const done = await closedSprintItems(ctx, data);
  const piSprints = new Set(data.pi.iterations.map((it) => it.sprintId).filter((id): id is number => id !== null));
  const planned: Record<string, number> = {};
  for (const item of [...data.items, ...done]) {
    if (item.sprint && piSprints.has(item.sprint.id)) planned[item.workType] = (planned[item.workType] ?? 0) + (item.points ?? 0);
  }
  const endExclusive = new Date(Date.parse(`${data.pi.end}T00:00:00Z`) + 86_400_000);
  const actual = donePointsByType(done, { start: `${data.pi.start}T00:00:00Z`, end: endExclusive });
  const capacity = data.pi.iterations.reduce((sum, it) => sum + it.capacity, 0);
  const rows = allocationView({ allocation: percents, capacity, iterationCapacities: data.pi.iterations.map((it) => it.capacity), actual });
  const mix = { program: { count: 0, points: 0 }, otherTeam: { count: 0, points: 0 }, local: { count: 0, points: 0 } };
  for (const item of data.items) {
    mix[item.source].count += 1;
    mix[item.source].points += item.points ?? 0;
  }
  return {
    pi: piRef(data.pi),
    pis: data.pis.map(piRef),
    workTypes: data.settings.workTypes,
    allocation: { piId: data.pi.id, ...data.allocation, percents },
    rows: rows.map((r) => ({
      workType: r.workType,
      targetPct: r.targetPercent,
      targetPoints: r.targetPoints,
      plannedPoints: planned[r.workType] ?? 0,
      donePoints: r.actualPoints,
    })),
    iterations: data.pi.iterations.map((it) => ({ ...iterationRef(it), capacity: it.capacity, source: it.source, detail: it.detail, slices: sliceCapacity(it.capacity, percents) })),
    sourceMix: mix,
    ...(data.backlog.warnings.length > 0 ? { warnings: data.backlog.warnings.slice(0, MAX_WARNINGS) } : {}),
  };
}

function piRef(pi: TeamData['pi']) {
  return { id: pi.id, name: pi.name, start: pi.start, end: pi.end };
}

function piChoice(data: TeamData): PiChoiceDto {
  return { pi: piRef(data.pi), pis: data.pis.map(piRef) };
}

function iterationRef(it: IterationPlan) {
  return { id: it.id, name: it.name, start: it.start, end: it.end, sprintId: it.sprintId };
}

// ------------------------------------------------------------------------------------------------ backlog

function candidateSets(report: RefinementReport) {
  return { tail: new Set(report.tail.map((t) => t.key)), split: new Set(report.splitCandidates.map((c) => c.key)) };
}

function backlogDto(data: TeamData): BacklogDto {
  const sets = candidateSets(refinement(data));
  const index = workTypeIndexOf(data.settings.workTypes);
  return {
    keyPrefix: data.projectKey,
    piChoice: piChoice(data),
    workTypes: data.settings.workTypes,
    scale: [...FIBONACCI_SCALE],
    rows: data.items.map((item) => backlogRow(data, item, index, sets.tail, sets.split)),
    loadedAt: data.backlog.loadedAt,
    pi: { id: data.pi.id, name: data.pi.name, start: data.pi.start, end: data.pi.end },
    committedBaseline: data.committedBaseline ? { savedAt: data.committedBaseline.savedAt, savedBy: data.committedBaseline.savedBy } : null,
  };
}

function refinementDto(data: TeamData): RefinementDto {
  const report = refinement(data);
  const ref = (key: string) => issueRef(key, data.projectKey);
  const byKey = new Map(data.items.map((i) => [i.key, i]));
  const summary = (key: string) => truncate(byKey.get(key)?.summary ?? '');
  const gapBits: Record<string, number> = { noEstimate: 1, overSplitLimit: 2, noAcceptanceCriteria: 4, externalBlocker: 8, noWsjf: 16 };
  const current = [...data.items].sort((a, b) => a.rank - b.rank).map((i) => i.key);
  return {
    keyPrefix: data.projectKey,
    piChoice: piChoice(data),
    staleDays: data.settings.staleDays,
    tailCandidates: report.tail
      .filter((t) => !byKey.get(t.key)?.labels.includes(TAIL_LABEL))
      .map((t) => [ref(t.key), summary(t.key), t.reasons.includes('stale') ? 's' : 'p', t.idleDays]),
    inTail: data.items.filter((i) => i.labels.includes(TAIL_LABEL)).map((i) => [ref(i.key), truncate(i.summary)]),
    outOfOrder: rerankPlan(current, data.items.map((i) => i.key)).length,
    splitCandidates: report.splitCandidates.map((c) => [ref(c.key), summary(c.key), c.points, c.limit]),
    unestimatedTop: report.unestimatedAtTop.map((k) => [ref(k), summary(k)]),
    dorGaps: report.notReady.map((c) => [ref(c.key), summary(c.key), c.gaps.reduce((b, g) => b | (gapBits[g.type] ?? 0), 0)]),
    dependencies: report.dependencies.map((d) => [ref(d.key), d.direction === 'blocks' ? 'b' : 'B', d.otherKey, d.otherProjectKey, statusCode(d.otherStatusCategory)]),
    runway: { readyPoints: report.runway.readyPoints, velocity: report.runway.velocity, iterations: report.runway.iterations, target: report.runway.target },
  };
}

// ------------------------------------------------------------------------------------------------ fill

function fillDto(data: TeamData, fill: FillComputation): FillDto {
  const ref = (key: string) => issueRef(key, data.projectKey);
  const lookup = leftOutLookup(data, Math.max(...fill.iterations.map((it) => it.capacity)));
  return {
    keyPrefix: data.projectKey,
    piId: data.pi.id,
    piChoice: piChoice(data),
    workTypes: data.settings.workTypes,
    mode: fill.mode,
    iterations: fill.iterations.map((it, i) => {
      const planned = fill.chosen.iterations[i];
      const slices = sliceCapacity(it.capacity, fill.percents[i] as Allocation);
      return {
        ...iterationRef(it),
        capacity: it.capacity,
        slices: Object.fromEntries(Object.entries(slices).map(([type, slice]) => [type, { slice, planned: planned?.pointsByType[type] ?? 0 }])),
        items: (planned?.keys ?? []).map(ref),
      };
    }),
    greedyCost: fill.greedy.costOfDelay,
    optimalCost: fill.optimal.costOfDelay,
    greedyItems: fill.greedy.iterations.map((it) => it.keys.map(ref)),
    leftOut: [
      ...fill.chosen.leftOut.map((l): LeftOutRow => [ref(l.key), l.reason, leftOutDetail(data, lookup, l.key, l.reason, false)]),
      ...tailItems(data).map((i): LeftOutRow => [ref(i.key), 'inTail', leftOutDetail(data, lookup, i.key, 'inTail', false)]),
    ],
    committedExclude: fill.committedExclude.map(ref),
    flowUnused: data.settings.flowUnusedSlice,
  };
}

// ------------------------------------------------------------------------------------------------ health

function healthDto(data: TeamData): HealthDto {
  const closed = data.backlog.closedSprintPoints;
  // Counted per closed sprint in the Jira layer (everything created then, also what was finished since);
  // older sprints than those counted are not shown rather than shown too low.
  const arrived = data.backlog.arrivals ? new Map(data.backlog.arrivals.map((a) => [String(a.sprintId), a.arrived])) : null;
  const windows = data.backlog.sprints
    .filter((sp) => sp.state === 'closed' && sp.startDate && (sp.completeDate ?? sp.endDate))
    .filter((sp) => arrived === null || arrived.has(String(sp.id)))
    .map((sp) => ({ id: String(sp.id), name: sp.name, start: sp.startDate as string, end: (sp.completeDate ?? sp.endDate) as string }));
  const health = backlogHealth(data.items, windows, data.now);
  const completedBySprint = new Map(closed.map((c) => [String(c.sprintId), c]));
  const perIteration = windows.map((w, i) => {
    const c = completedBySprint.get(w.id);
    return { name: w.name, arrived: arrived?.get(w.id) ?? health.flow[i]?.arrivals ?? 0, completed: c?.completedIssues ?? 0, completedPoints: c?.completedPoints ?? 0 };
  });
  const recent = perIteration.filter((p) => closed.some((c) => c.name === p.name)).slice(-3);
  const throughput = recent.length ? recent.reduce((sum, p) => sum + p.completed, 0) / recent.length : 0;
  const ages = data.items.map((i) => Math.floor((data.now.getTime() - Date.parse(i.created)) / 86_400_000));
  return {
    perIteration,
    openItems: data.items.length,
    openPoints: data.items.reduce((sum, i) => sum + (i.points ?? 0), 0),
    age: { p50: health.age.p50 ?? 0, p85: health.age.p85 ?? 0, p95: health.age.p95 ?? 0, max: ages.length ? Math.max(...ages) : 0 },
    throughput,
    iterationsToBurn: throughput > 0 ? data.items.length / throughput : null,
  };
}

// ------------------------------------------------------------------------------------------------ writes

/** What a re-rank would send now: only the issues that move, in runs (see RerankInput). */
function rerankInput(data: TeamData): { input: RerankInput; current: string[]; target: string[]; moving: Set<string> } {
  const current = [...data.items].sort((a, b) => a.rank - b.rank).map((i) => i.key);
  const target = data.items.map((i) => i.key);
  const movesPlan = rerankPlan(current, target);
  return { input: { runs: rankRuns(movesPlan), currentTopKey: current[0] ?? '' }, current, target, moving: new Set(movesPlan.map((m) => m.key)) };
}

async function rerankPreview(ctx: CallContext, data: TeamData): Promise<RerankPreviewDto> {
  const { input, current, target, moving } = rerankInput(data);
  const from = new Map(current.map((k, i) => [k, i]));
  const token = newToken();
  await ctx.platform.store.putToken<Confirmation<RerankInput>>(token, { kind: 'rerank', projectKey: data.projectKey, accountId: ctx.accountId, payload: { input } }, TOKEN_TTL_MS);
  return {
    keyPrefix: data.projectKey,
    moves: target.flatMap((key, to) => (moving.has(key) ? [[issueRef(key, data.projectKey), from.get(key) ?? to, to] as [number | string, number, number]] : [])),
    token,
  };
}

/** The commit preview's sprints and what the job would send, for a fill request on the current backlog. */
async function commitPlan(ctx: CallContext, data: TeamData, request: FillRequest): Promise<Omit<CommitFillPreviewDto, 'token'> & { input: CommitFillInput }> {
  const fill = await planFill(ctx, data, request);
  const ref = (key: string) => issueRef(key, data.projectKey);
  const byKey = new Map(data.items.map((i) => [i.key, i]));
  const sprints: CommitFillPreviewDto['sprints'] = [];
  const missingSprints: CommitFillPreviewDto['missingSprints'] = [];
  const input: CommitFillInput = { sprints: [], toBacklog: [] };
  const plannedAnywhere = new Set(fill.chosen.iterations.flatMap((it) => it.keys));
  fill.iterations.forEach((it, i) => {
    const keys = fill.chosen.iterations[i]?.keys ?? [];
    const sprint = it.sprintId === null ? undefined : data.backlog.sprints.find((sp) => sp.id === it.sprintId && sp.state !== 'closed');
    if (!sprint) {
      if (keys.length > 0) missingSprints.push({ iterationId: it.id, name: it.name, items: keys.length });
      return;
    }
    const add = keys.filter((k) => byKey.get(k)?.sprint?.id !== sprint.id);
    const alreadyIn = keys.filter((k) => byKey.get(k)?.sprint?.id === sprint.id);
    // The sprint should hold the plan and nothing else: what the plan puts nowhere goes back to the backlog.
    const takeOut = data.items.filter((item) => item.sprint?.id === sprint.id && !plannedAnywhere.has(item.key)).map((item) => item.key);
    sprints.push({ iterationId: it.id, sprintId: sprint.id, sprintName: sprint.name, add: add.map(ref), alreadyIn: alreadyIn.map(ref), takeOut: takeOut.map(ref) });
    if (add.length > 0) input.sprints.push({ sprintId: sprint.id, sprintName: sprint.name, keys: add });
    input.toBacklog?.push(...takeOut);
  });
  input.plan = { sprintIds: sprints.map((sp) => sp.sprintId), exclude: fill.exclude };
  return { keyPrefix: data.projectKey, sprints, missingSprints, input };
}

async function commitPreview(ctx: CallContext, data: TeamData, request: FillRequest): Promise<CommitFillPreviewDto> {
  const { input, ...preview } = await commitPlan(ctx, data, request);
  const token = newToken();
  await ctx.platform.store.putToken<Confirmation<CommitFillInput>>(
    token,
    { kind: 'commitFill', projectKey: data.projectKey, accountId: ctx.accountId, payload: { input, request } },
    TOKEN_TTL_MS,
  );
  return { ...preview, token };
}

const MAX_IDLE_NOTES = 2_000;

const daysBetween = (from: string, to: Date): number => Math.max(0, Math.floor((to.getTime() - Date.parse(from)) / 86_400_000));

/** Only the backlog's facts are needed (not its items, PIs or committed order): a move to the tail stays cheap. */
async function noteIdleDays(ctx: CallContext, projectKey: string, keys: readonly string[]): Promise<void> {
  const backlog = await teamBacklog(ctx, projectKey, await ctx.platform.store.effectiveSettings(projectKey));
  const now = ctx.platform.now();
  const byKey = new Map(backlog.issues.map((i) => [i.key, i]));
  const notes = await ctx.platform.store.tailIdleNotes(projectKey);
  // Only issues still open in the backlog keep a note (the trimmed ones are done).
  const kept: TailIdleNotes = Object.fromEntries(Object.entries(notes).filter(([key]) => byKey.has(key)));
  for (const key of keys) {
    const issue = byKey.get(key);
    if (issue && !issue.labels.includes(TAIL_LABEL)) kept[key] = { idleDays: daysBetween(issue.updated, now), movedAt: now.toISOString() };
  }
  // One stored value stays well inside Forge's 240 KiB per key: the latest notes win.
  const latest = Object.entries(kept).sort((a, b) => b[1].movedAt.localeCompare(a[1].movedAt)).slice(0, MAX_IDLE_NOTES);
  await ctx.platform.store.putTailIdleNotes(projectKey, Object.fromEntries(latest));
}

/** The issues a trim closes: every open item in the tail. */
function trimKeys(data: TeamData): string[] {
  return data.items.filter((i) => i.inTail).map((i) => i.key);
}

async function trimPreview(ctx: CallContext, data: TeamData): Promise<TrimPreviewDto> {
  const notes = await ctx.platform.store.tailIdleNotes(data.projectKey);
  const issues = data.items
    .filter((i) => i.inTail)
    .map((i) => {
      const note = notes[i.key];
      // Untouched before the move, plus the time in the tail: the label itself is not a touch. (An edit of an
      // item while in the tail is not told apart from the label's; items in the tail are rarely edited.)
      const daysUntouched = note ? note.idleDays + daysBetween(note.movedAt, data.now) : daysBetween(i.updated, data.now);
      return { key: i.key, summary: i.summary, daysUntouched };
    });
  const token = newToken();
  const record = await ctx.platform.store.putToken<Confirmation<TrimTailInput>>(
    token,
    { kind: 'trimTail', projectKey: data.projectKey, accountId: ctx.accountId, payload: { input: { keys: trimKeys(data) } } },
    TOKEN_TTL_MS,
  );
  return { issues, targetStatus: DEFAULT_TRIM_STATUSES[0] as string, token, expiresAt: record.expiresAt };
}

/**
 * What a preview's token confirms: the job's input, and the fill request a commit preview was computed from.
 * A confirmation is bound to what its preview read: the confirm recomputes the input on the backlog as it is
 * now and refuses when it differs (older tokens without this shape are refused too).
 */
interface Confirmation<I> {
  input: I;
  request?: FillRequest;
}

async function takeToken<I>(ctx: CallContext, projectKey: string, token: string, kind: string): Promise<Confirmation<I>> {
  const record = await ctx.platform.store.takeToken<Confirmation<I>>(projectKey, token, kind, ctx.accountId);
  if (!record) throw new AppFailure('CONFIRMATION_EXPIRED', 'This confirmation has expired or was already used: preview again, then confirm.', 'token');
  if (typeof record.payload !== 'object' || record.payload === null || !('input' in record.payload)) throw changedSincePreview('The backlog');
  return record.payload;
}

function changedSincePreview(what: string, detail = ''): AppFailure {
  return new AppFailure('STALE', `${what} changed since your preview: preview again, then confirm.${detail}`, 'token');
}

function sameInput(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The trim's confirmation, refused when the tail is not what the preview listed (an item taken out, or added). */
async function confirmTrim(ctx: CallContext, projectKey: string, token: string): Promise<TrimTailInput> {
  const { input } = await takeToken<TrimTailInput>(ctx, projectKey, token, 'trimTail');
  const now = trimKeys(await loadTeamData(ctx, projectKey, undefined));
  const listed = new Set(input.keys);
  const gone = input.keys.filter((k) => !now.includes(k));
  const added = now.filter((k) => !listed.has(k));
  if (gone.length > 0 || added.length > 0) {
    const parts = [gone.length ? `No longer in the tail: ${listFew(gone)}.` : '', added.length ? `Added to it: ${listFew(added)}.` : ''].filter(Boolean);
    throw changedSincePreview('The tail', ` ${parts.join(' ')}`);
  }
  return input;
}

async function confirmRerank(ctx: CallContext, projectKey: string, token: string): Promise<RerankInput> {
  const { input } = await takeToken<RerankInput>(ctx, projectKey, token, 'rerank');
  if (!sameInput(rerankInput(await loadTeamData(ctx, projectKey, undefined)).input, input)) throw changedSincePreview("The backlog's order");
  return input;
}

async function confirmCommit(ctx: CallContext, projectKey: string, token: string): Promise<CommitFillInput> {
  const { input, request } = await takeToken<CommitFillInput>(ctx, projectKey, token, 'commitFill');
  if (!request) throw changedSincePreview('The plan');
  const now = await commitPlan(ctx, await loadTeamData(ctx, projectKey, request.piId), request);
  if (!sameInput(now.input, input)) throw changedSincePreview('The sprints or the plan');
  return input;
}

function listFew(keys: readonly string[]): string {
  return keys.length <= 3 ? keys.join(', ') : `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more`;
}

// ------------------------------------------------------------------------------------------------ the resolver

/** The panel's functions (see PanelDefinitions for what each returns). */
export function panelHandlers(host: Host) {
  const fn = resolverFunction;
  return {
    whoAmI: fn(host, s.none, async (ctx) => {
      const projectKey = requireProject(ctx);
      const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
      const [me, access] = await Promise.all([readMeOnce(ctx), readAccess(ctx, projectKey, settings.editors)]);
      const name = access.read ? await readProjectName(ctx.http, projectKey) : null;
      return whoAmIDto(me, projectKey, name, access, false);
    }),
    getBalance: fn(host, s.optionalPi, async (ctx, p) => balance(ctx, await readTeam(ctx, p.piId))),
    getBacklog: fn(host, s.optionalPi, async (ctx, p) => backlogDto(await readTeam(ctx, p.piId))),
    getRefinement: fn(host, s.optionalPi, async (ctx, p) => refinementDto(await readTeam(ctx, p.piId))),
    getFill: fn(host, s.fillSchema, async (ctx, p) => {
      const data = await readTeam(ctx, p.piId);
      return fillDto(data, await planFill(ctx, data, p));
    }),
    getHealth: fn(host, s.none, async (ctx) => healthDto(await readTeam(ctx))),
    rebaselineCommittedOrder: fn(host, s.requiredPi, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      const data = await loadTeamData(ctx, projectKey, p.piId);
      const keys = await rebaselineCommittedOrder(ctx, data);
      return { piId: data.pi.id, committed: keys.map((k) => issueRef(k, projectKey)) };
    }),
    saveAllocation: fn(host, s.saveAllocationSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
      const known = new Set(settings.workTypes.map((w) => w.id));
      for (const id of Object.keys(p.percents)) {
        if (!known.has(id)) throw new AppFailure('INVALID_INPUT', `"${id}" is not one of this team's work types.`, `percents.${id}`);
      }
      validateAllocation(p.percents);
      const pis = (await loadTeamData(ctx, projectKey, p.piId)).pis;
      if (!pis.some((pi) => pi.id === p.piId)) throw new AppFailure('NOT_FOUND', `There is no PI "${p.piId}".`, 'piId');
      const saved = await ctx.platform.store.allocation(projectKey, p.piId).save(p.percents, p.baseVersion, ctx.accountId, ctx.platform.now());
      return { piId: p.piId, percents: completeAllocation(saved.value, settings), version: saved.version, savedBy: saved.savedBy, savedAt: saved.savedAt, isDefault: false };
    }),
    getAllocationHistory: fn(host, s.optionalPi, async (ctx, p) => {
      const projectKey = requireProject(ctx);
      const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
      requireRead(await readAccess(ctx, projectKey, settings.editors), projectKey);
      const [entries, rejected] = await Promise.all([
        ctx.platform.store.allocationHistory(projectKey, p.piId),
        ctx.platform.store.rejectedAllocationSaves(projectKey, p.piId),
      ]);
      return {
        entries: entries.map((e) => ({ piId: e.piId, version: e.version, percents: e.value, savedBy: e.savedBy, savedAt: e.savedAt })),
        rejected: rejected.map((r) => ({
          piId: r.piId,
          baseVersion: r.baseVersion,
          currentVersion: r.currentVersion,
          percents: r.value,
          savedBy: r.savedBy,
          attemptedAt: r.attemptedAt,
        })),
      };
    }),
    scoreWsjf: fn(host, s.scoreWsjfSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, p.items.map((i) => i.key), 'items');
      const before = await loadTeamData(ctx, projectKey, p.piId);
      const outcome = await setIssueNumbers(
        ctx.http,
        before.backlog.fieldMap,
        p.items.map(({ key, ...values }) => ({ key, values })),
      );
      afterWrite(ctx, projectKey);
      // Positions in the ranking of the PI the Backlog shows (committed stories differ per PI).
      const after = await loadTeamData(ctx, projectKey, p.piId);
      const sets = candidateSets(refinement(after));
      const index = workTypeIndexOf(after.settings.workTypes);
      const wanted = new Set(outcome.changed);
      const rows = after.items.flatMap((item, position) => (wanted.has(item.key) ? [{ row: backlogRow(after, item, index, sets.tail, sets.split), position }] : []));
      return { outcome: toOutcome(outcome), rows };
    }),
    previewRerank: fn(host, s.none, async (ctx) => {
      const projectKey = await requireWriter(ctx);
      return rerankPreview(ctx, await loadTeamData(ctx, projectKey, undefined));
    }),
    applyRerank: fn(host, s.tokenSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      return startJob(ctx, projectKey, 'rerank', () => confirmRerank(ctx, projectKey, p.token));
    }),
    previewCommitFill: fn(host, s.fillSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      return commitPreview(ctx, await loadTeamData(ctx, projectKey, p.piId), p);
    }),
    commitFill: fn(host, s.tokenSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      return startJob(ctx, projectKey, 'commitFill', () => confirmCommit(ctx, projectKey, p.token));
    }),
    getJob: fn(host, s.jobIdSchema, async (ctx, p) => {
      const projectKey = requireProject(ctx);
      const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
      requireRead(await projectAccess(ctx.http, projectKey, settings.editors), projectKey);
      return jobStatus(ctx, projectKey, p.jobId);
    }),
    loadBacklog: fn(host, s.none, async (ctx) => {
      const projectKey = requireProject(ctx);
      const { settings } = await ctx.platform.store.effectiveSettings(projectKey);
      requireRead(await projectAccess(ctx.http, projectKey, settings.editors), projectKey);
      return startBackgroundLoad(ctx, projectKey);
    }),
    split: fn(host, s.splitSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, [p.key], 'key');
      const data = await loadTeamData(ctx, projectKey, undefined);
      const outcome = await splitIssue(ctx.http, data.backlog.fieldMap, { originalKey: p.key, splitId: p.splitId, parts: p.parts });
      afterWrite(ctx, projectKey);
      const created = outcome.parts.map((part) => part.key).filter((k): k is string => k !== null);
      if (!outcome.complete) {
        const why = outcome.parts.find((part) => part.reason)?.reason ?? outcome.original.reason ?? 'Jira refused part of it';
        throw new AppFailure('JIRA_REJECTED', `The split is not complete (${created.length} of ${p.parts.length} stories exist): ${why}. Try again with the same split to finish it.`);
      }
      return {
        original: p.key,
        created,
        resumed: outcome.parts.some((part) => !part.createdNow) || !outcome.original.closedNow,
        originalClosedAs: outcome.original.closedAs as string,
      };
    }),
    moveToTail: fn(host, s.keysSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, p.keys, 'keys');
      // Labelling updates the issues: keep how long they had been untouched, for the trim preview.
      await noteIdleDays(ctx, projectKey, p.keys);
      const outcome = await labelAsTail(ctx.http, p.keys);
      afterWrite(ctx, projectKey);
      return toOutcome(outcome);
    }),
    takeOutOfTail: fn(host, s.keysSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      requireOwnIssues(projectKey, p.keys, 'keys');
      const outcome = await removeTailLabel(ctx.http, p.keys);
      afterWrite(ctx, projectKey);
      return toOutcome(outcome);
    }),
    previewTrim: fn(host, s.none, async (ctx) => {
      const projectKey = await requireWriter(ctx);
      return trimPreview(ctx, await loadTeamData(ctx, projectKey, undefined));
    }),
    trimTail: fn(host, s.tokenSchema, async (ctx, p) => {
      const projectKey = await requireWriter(ctx);
      return startJob(ctx, projectKey, 'trimTail', async () => {
        const input = await confirmTrim(ctx, projectKey, p.token);
        if (input.keys.length === 0) throw new AppFailure('INVALID_INPUT', 'The tail is empty: move items to the tail first.', 'token');
        return input;
      });
    }),
  } satisfies { [K in keyof PanelDefinitions]: unknown };
}

export function createPanelResolver(host: Host) {
  const handlers = panelHandlers(host);
  return { getDefinitions: () => makeResolver<PanelDefinitions>(handlers) };
}

