/**
 * The iteration fill as the panel and the issue panel ask for it: the upcoming iterations, each sliced by its
 * own PI's allocation, the PO's pins (room taken from their own type's slice) and exclusions, the tail left
 * out, and both modes (optimal, and greedy as the baseline it is shown against).
 */
import {
  capacityShare,
  currentPi,
  fillBothModes,
  fillPriority,
  hiddenLinksFlag,
  neededBy,
  parentClosedFlag,
  pinFlags,
  upcomingIterations,
  workTypeName,
  type Allocation,
  type BacklogItem,
  type FillResult,
  type PlanFlag,
} from '../domain';
import type { CommittedFill } from '../storage';
import { finishBeforeAnswer, type CallContext } from './context';
import type { FillRequest } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { DerivedCache } from './derived';
import { panelPlanOf, storedPlanKey, type PanelPlan, type StoredPanelPlan } from './stored-plan';
import { fillPlanItems, openBlockers } from './fill-items';
import { completeAllocation, isoDay, type IterationPlan, type TeamData } from './team-data';

export interface FillComputation {
  iterations: IterationPlan[];
  /** Each iteration's capacity for planned work: its capacity minus the unplanned buffer. */
  capacities: number[];
  greedy: FillResult;
  optimal: FillResult;
  chosen: FillResult;
  mode: 'greedy' | 'optimal';
  /** Each iteration's allocation (its own PI's). */
  percents: Allocation[];
  /** What the PO should decide: pins that break a rule, late stories other teams need, committed stories under a closed parent. */
  flags: PlanFlag[];
  /** Open items the last commit left out that stay out (the PO has not included them again). */
  committedExclude: string[];
  /** Everything kept out of this plan: the PO's exclusions now and those of the last commit. */
  exclude: string[];
}

/**
 * The fill for a request: the upcoming iterations, each sliced by its own PI's allocation (an iteration of
 * the next PI by the next PI's, saved or else the default), then `computeFill`.
 */
export async function planFill(ctx: CallContext, data: TeamData, request: FillRequest): Promise<FillComputation> {
  return planWith(ctx, data, request, await planInputs(ctx, data, request));
}

async function planWith(ctx: CallContext, data: TeamData, request: FillRequest, shaped: PlanInputs): Promise<FillComputation> {
  const { iterations, percents, committed, inputs } = shaped;
  let computed = false;
  const plan = plans.get(data.items, inputs, () => {
    computed = true;
    return computeFill(data, committed.request, iterations, percents, committed.locked);
  });
  // Stored while the call goes on with the plan (the forecast's trials...); done before it answers.
  if (computed && asTheIssuePanelAsks(data, request)) await finishBeforeAnswer(ctx, keepPanelPlan(ctx, data, inputs, plan));
  return { ...plan, committedExclude: committed.committedExclude, exclude: committed.request.exclude ?? [] };
}

/**
 * The plan the issue panel shows: this instance's (computed for these items and inputs), else the one stored
 * beside the user's snapshot when it was computed from the same, else planned now (and stored for the next
 * cold instance).
 */
export async function panelPlan(ctx: CallContext, data: TeamData): Promise<PanelPlan> {
  const shaped = await planInputs(ctx, data, {});
  const { inputs } = shaped;
  const known = plans.peek(data.items, inputs);
  if (known) return panelPlanOf(known.optimal, known.flags);
  const key = storedPlanKey(data.items, inputs);
  if (key !== null) {
    // The record is only a cache: unreadable, it is planned afresh.
    const stored = await ctx.platform.store.readSnapshotPlan<StoredPanelPlan>(data.projectKey, ctx.accountId, data.settingsVersion).catch(() => undefined);
    if (stored?.key === key) return stored.plan;
  }
  const plan = await planWith(ctx, data, {}, shaped);
  return panelPlanOf(plan.optimal, plan.flags);
}

/**
 * A request shaped as the issue panel's (the current PI; no pins, exclusions, inclusions or other mode): its
 * plan is worth storing. Only one is stored per user, so a PO trying pins must not push it out.
 */
function asTheIssuePanelAsks(data: TeamData, request: FillRequest): boolean {
  return (
    currentPi(data.pis, isoDay(data.now, data.timeZone)) === data.pi &&
    (request.pins ?? []).length === 0 &&
    (request.exclude ?? []).length === 0 &&
    (request.include ?? []).length === 0 &&
    (request.mode ?? 'optimal') === 'optimal' &&
    (request.iterations ?? data.settings.planIterations) === data.settings.planIterations
  );
}

/** Stores the panel's part of a plan computed on a snapshot's content; storage refusing it fails nothing. */
async function keepPanelPlan(ctx: CallContext, data: TeamData, inputs: object, plan: Plan): Promise<void> {
  const key = storedPlanKey(data.items, inputs);
  if (key === null) return;
  const record: StoredPanelPlan = { key, plan: panelPlanOf(plan.optimal, plan.flags) };
  await ctx.platform.store.writeSnapshotPlan(data.projectKey, ctx.accountId, data.settingsVersion, record).catch(() => undefined);
}

type PlanInputs = Awaited<ReturnType<typeof planInputs>>;

/** What a plan for `request` depends on besides the items, read once (allocations of later PIs, the last commit). */
async function planInputs(ctx: CallContext, data: TeamData, request: FillRequest) {
  const iterations = upcomingIterations(data.pis, data.pi, isoDay(data.now, data.timeZone), request.iterations ?? data.settings.planIterations);
  const byPi = new Map<string, Allocation>([[data.pi.id, data.allocation.percents]]);
  const piOf = (it: IterationPlan): string => piOfIteration(data, it).id;
  for (const it of iterations) {
    const piId = piOf(it);
    if (!byPi.has(piId)) byPi.set(piId, (await ctx.platform.store.allocation(data.projectKey, piId).latestReadable()).latest?.value ?? data.settings.defaultAllocation);
  }
  const percents = alignAllocations(iterations.map((it) => completeAllocation(byPi.get(piOf(it)) as Allocation, data.settings)));
  const committed = withCommittedPlan(data, request, iterations, await ctx.platform.store.committedFill(data.projectKey));
  // Only what shapes the plan: the Fill tab's request (its mode, empty adjustments, top points for the forecast)
  // and the Balance tab's forecast ask for one plan.
  const shaping = { pins: committed.request.pins ?? [], exclude: committed.request.exclude ?? [], mode: committed.request.mode ?? 'optimal' };
  const inputs = {
    site: ctx.platform.site,
    projectKey: data.projectKey,
    piId: data.pi.id,
    settingsVersion: data.settingsVersion,
    request: shaping,
    iterations,
    percents,
    locked: [...committed.locked],
    readyPolicy: data.readyPolicy,
    // The settings themselves, not only their version: a project on site defaults keeps version 0 when those change.
    settings: data.settings,
  };
  return { iterations, percents, committed, inputs };
}

type Plan = Omit<FillComputation, 'committedExclude' | 'exclude'>;

/**
 * Plans per backlog version (the reads' items, see derived.ts), by everything else they depend on: the tabs and
 * the issue panel ask for the same plan of an unchanged backlog again and again. Kept: the PO's few recent
 * requests (pins, exclusions, modes).
 */
const plans = new DerivedCache<Plan>(8);

/**
 * The PO's request on top of the plan last committed: an item in a sprint that commit filled stays where it
 * sits (the sprint's content is the plan now, also after someone moves it in Jira), and what the commit left
 * out stays out, unless the request moves, leaves out or includes it again. The fill adds nothing of its own
 * to a sprint the commit filled (`locked`): the team committed to that content, and a second preview must
 * not propose changing it.
 */
export function withCommittedPlan(
  data: Pick<TeamData, 'items'>,
  request: FillRequest,
  iterations: readonly Pick<IterationPlan, 'sprintId'>[],
  committed: CommittedFill | undefined,
): { request: FillRequest; committedExclude: string[]; locked: Set<number> } {
  if (!committed) return { request, committedExclude: [], locked: new Set() };
  const own = new Set([...(request.pins ?? []).map((p) => p.key), ...(request.exclude ?? [])]);
  const iterationOfSprint = new Map(iterations.flatMap((it, i): [number, number][] => (it.sprintId === null ? [] : [[it.sprintId, i]])));
  const filled = new Set(committed.sprintIds);
  const sprintPins = data.items.flatMap((item) => {
    const sprint = item.sprint;
    const iteration = sprint && sprint.state === 'future' && filled.has(sprint.id) ? iterationOfSprint.get(sprint.id) : undefined;
    return iteration === undefined || own.has(item.key) ? [] : [{ key: item.key, iteration }];
  });
  const pinned = new Set(sprintPins.map((p) => p.key));
  const included = new Set(request.include ?? []);
  const open = new Set(data.items.map((i) => i.key));
  const committedExclude = committed.exclude.filter((k) => open.has(k) && !own.has(k) && !included.has(k) && !pinned.has(k));
  return {
    request: { ...request, pins: [...(request.pins ?? []), ...sprintPins], exclude: [...(request.exclude ?? []), ...committedExclude] },
    committedExclude,
    locked: new Set(iterations.flatMap((it, i) => (it.sprintId !== null && filled.has(it.sprintId) ? [i] : []))),
  };
}

/**
 * One plan needs one set of work types: a type only some PI's allocation names (saved before it was removed
 * from Settings) gets 0% in the others, in the order the types first appear.
 */
export function alignAllocations(allocations: readonly Allocation[]): Allocation[] {
  const types = [...new Set(allocations.flatMap((a) => Object.keys(a)))];
  return allocations.map((a) => Object.fromEntries(types.map((t) => [t, a[t] ?? 0])));
}

/** The PI an upcoming iteration belongs to (the selected one when the calendar does not say). */
export function piOfIteration(data: Pick<TeamData, 'pis' | 'pi'>, it: IterationPlan): TeamData['pi'] {
  return data.pis.find((p) => p.iterations.includes(it)) ?? data.pi;
}

/** Points of a capacity kept for unplanned work by the project's buffer (docs/domain.md "Unplanned buffer"). */
export function bufferPoints(capacity: number, settings: Pick<TeamData['settings'], 'unplannedBufferPct'>): number {
  return (capacity * (settings.unplannedBufferPct ?? 0)) / 100;
}

function computeFill(data: TeamData, request: FillRequest, iterations: IterationPlan[], percents: Allocation[], locked: ReadonlySet<number>): Omit<FillComputation, 'committedExclude' | 'exclude'> {
  if (iterations.length === 0) {
    throw AppFailure.of('NOT_CONFIGURED', 'error.fill.noIterationsLeft', { pi: data.pi.name }, 'piId');
  }
  if (iterations.every((it) => it.source === 'none')) {
    // Nothing to plan with, and nothing the PO did wrong in the plan: say what to set up.
    throw AppFailure.of('NOT_CONFIGURED', 'error.fill.noCapacity', undefined, 'capacity');
  }
  // The buffer comes off before the slices are cut: the fill never plans into it.
  const capacities = iterations.map((it) => it.capacity - bufferPoints(it.capacity, data.settings));
  const exclude = new Set(request.exclude ?? []);
  const candidates = data.items.filter((i) => !exclude.has(i.key) && !i.inTail && i.sprint?.state !== 'active');
  const byKey = new Map(candidates.map((i) => [i.key, i]));
  // The PO's pins go where they were put; the fill plans the rest around them.
  const pins = (request.pins ?? []).filter((p) => byKey.has(p.key));
  pins.forEach((pin, i) => {
    if (pin.iteration >= iterations.length) {
      throw AppFailure.of('INVALID_INPUT', 'error.fill.pinOutOfRange', { count: iterations.length, key: pin.key }, `pins.${i}.iteration`);
    }
  });
  // Pinned points take room from their own work type's slice (and the iteration), not from every type's.
  const reserved = iterations.map((_, i) => {
    const byType: Record<string, number> = {};
    for (const pin of pins.filter((p) => p.iteration === i)) {
      const pinned = byKey.get(pin.key) as BacklogItem;
      byType[pinned.workType] = (byType[pinned.workType] ?? 0) + (pinned.points ?? 0);
    }
    return byType;
  });
  const pinnedPoints = reserved.map((byType) => Object.values(byType).reduce((sum, points) => sum + points, 0));
  const items = fillPlanItems(data, { pins, exclude, iterations });
  const base = {
    items,
    // A locked iteration holds its pins and nothing else: no room left for the fill.
    // Readiness per iteration: the split limit's capacity share is taken against each iteration.
    iterations: iterations.map((it, i) =>
      locked.has(i)
        ? { id: it.id, capacity: 0, reserved: {}, allocation: percents[i] }
        : { id: it.id, capacity: capacities[i] as number, reserved: reserved[i], allocation: percents[i], splitLimit: capacityShare(data.readyPolicy, it.capacity) ?? undefined },
    ),
    allocation: percents[0] as Allocation,
    borrowUnused: data.settings.flowUnusedSlice,
    workTypeNames: Object.fromEntries(Object.keys(percents[0] as Allocation).map((id) => [id, workTypeName(data.settings, id)])),
  };
  const withPins = (result: FillResult): FillResult => {
    if (pins.length === 0) return result;
    const iterationsOut = result.iterations.map((it, i) => {
      const mine = pins.filter((p) => p.iteration === i).map((p) => byKey.get(p.key) as BacklogItem);
      const pointsByType = { ...it.pointsByType };
      for (const item of mine) pointsByType[item.workType] = (pointsByType[item.workType] ?? 0) + (item.points ?? 0);
      return { ...it, keys: [...mine.map((m) => m.key), ...it.keys], points: it.points + (pinnedPoints[i] ?? 0), pointsByType };
    });
    // Counted as the fill counts it (a story another team needs with its dependent's cost of delay).
    const pinnedCost = pins.reduce((sum, p) => sum + (fillPriority(byKey.get(p.key) as BacklogItem).costOfDelay ?? 0) * (p.iteration + 1), 0);
    return { ...result, iterations: iterationsOut, costOfDelay: result.costOfDelay + pinnedCost };
  };
  // One model and one greedy plan for both modes (the optimal plan is shown against the greedy one).
  const both = fillBothModes(base);
  const greedy = withPins(both.greedy);
  const optimal = withPins(both.optimal);
  const mode = request.mode ?? 'optimal';
  const chosen = mode === 'greedy' ? greedy : optimal;
  return { iterations, capacities, greedy, optimal, chosen, mode, percents, flags: planFlags(data, chosen, pins, byKey, iterations, capacities, percents) };
}

/** What the PO should look at in the plan (DOMAIN.md): pins breaking a rule, stories late for another team, committed stories under a closed parent. */
function planFlags(
  data: TeamData,
  chosen: FillResult,
  pins: readonly { key: string; iteration: number }[],
  byKey: ReadonlyMap<string, BacklogItem>,
  iterations: readonly IterationPlan[],
  capacities: readonly number[],
  percents: readonly Allocation[],
): PlanFlag[] {
  const running = new Set(data.items.filter((i) => i.sprint?.state === 'active').map((i) => i.key));
  const name = (id: string): string => workTypeName(data.settings, id);
  const pinned = pins.map((p) => {
    const item = byKey.get(p.key) as BacklogItem;
    return { key: p.key, iteration: p.iteration, workType: item.workType, blockedBy: openBlockers(item, running) };
  });
  const shown = iterations.map((it, i) => ({ name: it.name, capacity: capacities[i] as number, allocation: percents[i] as Allocation }));
  return [
    ...pinFlags(pinned, chosen, shown, { borrowUnused: data.settings.flowUnusedSlice, workTypeName: name }),
    ...chosen.late.flatMap((l): PlanFlag[] => {
      const item = byKey.get(l.key);
      const needed = item ? neededBy(item, iterations) : null;
      if (!needed) return [];
      const params = { dependent: needed.dependent, sprint: needed.sprint, date: needed.start };
      return [{ key: l.key, kind: 'late', message: `late for ${needed.dependent} (${needed.sprint}, ${needed.start})`, text: { id: 'late', params } }];
    }),
    ...[...byKey.values()].flatMap((item) => parentClosedFlag(item) ?? []),
    ...[...byKey.values()].flatMap((item) => hiddenLinksFlag(item) ?? []),
  ];
}
