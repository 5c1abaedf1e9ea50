/**
 * The iteration fill as the panel and the issue panel ask for it: the upcoming iterations, each sliced by its
 * own PI's allocation, the PO's pins (room taken from their own type's slice) and exclusions, the tail left
 * out, and both modes (optimal, and greedy as the baseline it is shown against).
 */
import { fillIterations, type Allocation, type BacklogItem, type FillResult } from '../domain';
import type { CallContext } from './context';
import type { FillRequest } from '../contracts';
import { AppFailure } from '../contracts/errors';
import { fillPlanItems } from './fill-items';
import { completeAllocation, upcomingIterations, type IterationPlan, type TeamData } from './team-data';

export interface FillComputation {
  iterations: IterationPlan[];
  greedy: FillResult;
  optimal: FillResult;
  chosen: FillResult;
  mode: 'greedy' | 'optimal';
  /** Each iteration's allocation (its own PI's). */
  percents: Allocation[];
}

/**
 * The fill for a request: the upcoming iterations, each sliced by its own PI's allocation (an iteration of
 * the next PI by the next PI's, saved or else the default), then `computeFill`.
 */
export async function planFill(ctx: CallContext, data: TeamData, request: FillRequest): Promise<FillComputation> {
  const iterations = upcomingIterations(data.pis, data.pi, data.now, request.iterations ?? data.settings.planIterations);
  const byPi = new Map<string, Allocation>([[data.pi.id, data.allocation.percents]]);
  const piOf = (it: IterationPlan): string => piOfIteration(data, it).id;
  for (const it of iterations) {
    const piId = piOf(it);
    if (!byPi.has(piId)) byPi.set(piId, (await ctx.platform.store.allocation(data.projectKey, piId).latest())?.value ?? data.settings.defaultAllocation);
  }
  const percents = alignAllocations(iterations.map((it) => completeAllocation(byPi.get(piOf(it)) as Allocation, data.settings)));
  return computeFill(data, request, iterations, percents);
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

function computeFill(data: TeamData, request: FillRequest, iterations: IterationPlan[], percents: Allocation[]): FillComputation {
  if (iterations.length === 0) {
    throw new AppFailure('NOT_CONFIGURED', `${data.pi.name} has no iterations left to plan: pick a later PI or add iterations in Settings.`, 'piId');
  }
  if (iterations.every((it) => it.source === 'none')) {
    // Nothing to plan with, and nothing the PO did wrong in the plan: say what to set up.
    throw new AppFailure(
      'NOT_CONFIGURED',
      'The next iterations have no capacity: no sprint has closed yet to measure velocity, and no team members are set. Add the team members (or a capacity per iteration) in Settings.',
      'capacity',
    );
  }
  const exclude = new Set(request.exclude ?? []);
  const candidates = data.items.filter((i) => !exclude.has(i.key) && !i.inTail && i.sprint?.state !== 'active');
  const byKey = new Map(candidates.map((i) => [i.key, i]));
  // The PO's pins go where they were put; the fill plans the rest around them.
  const pins = (request.pins ?? []).filter((p) => byKey.has(p.key));
  pins.forEach((pin, i) => {
    if (pin.iteration >= iterations.length) {
      throw new AppFailure('INVALID_INPUT', `There are only ${iterations.length} iterations to plan: pin ${pin.key} to one of them.`, `pins.${i}.iteration`);
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
  const items = fillPlanItems(data, { pins, exclude });
  const base = {
    items,
    iterations: iterations.map((it, i) => ({ id: it.id, capacity: it.capacity, reserved: reserved[i], allocation: percents[i] })),
    allocation: percents[0] as Allocation,
    borrowUnused: data.settings.flowUnusedSlice,
  };
  const withPins = (result: FillResult): FillResult => {
    if (pins.length === 0) return result;
    const iterationsOut = result.iterations.map((it, i) => {
      const mine = pins.filter((p) => p.iteration === i).map((p) => byKey.get(p.key) as BacklogItem);
      const pointsByType = { ...it.pointsByType };
      for (const item of mine) pointsByType[item.workType] = (pointsByType[item.workType] ?? 0) + (item.points ?? 0);
      return { ...it, keys: [...mine.map((m) => m.key), ...it.keys], points: it.points + (pinnedPoints[i] ?? 0), pointsByType };
    });
    const pinnedCost = pins.reduce((sum, p) => sum + (byKey.get(p.key)?.costOfDelay ?? 0) * (p.iteration + 1), 0);
    return { ...result, iterations: iterationsOut, costOfDelay: result.costOfDelay + pinnedCost };
  };
  const greedy = withPins(fillIterations({ ...base, mode: 'greedy' }));
  const optimal = withPins(fillIterations({ ...base, mode: 'optimal' }));
  const mode = request.mode ?? 'optimal';
  return { iterations, greedy, optimal, chosen: mode === 'greedy' ? greedy : optimal, mode, percents };
}
