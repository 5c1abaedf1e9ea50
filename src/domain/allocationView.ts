import { Allocation, sliceCapacity } from './allocation';
import { millisOf, toMillis } from './dates';
import { ref } from './errors';
import { IssueFacts } from './facts';
import { FillResult } from './fill';

export interface AllocationRow {
  workType: string;
  targetPercent: number;
  /** The slice of the capacity (largest remainder). */
  targetPoints: number;
  plannedPoints: number;
  /** Share of all planned points; 0 when nothing is planned. */
  plannedPercent: number;
  actualPoints: number;
  actualPercent: number;
}

export interface AllocationViewInput {
  allocation: Allocation;
  /** Capacity of the scope: one iteration, or the sum of the PI's iterations. */
  capacity: number;
  /**
   * The scope's iterations' capacities: the target is then the sum of their slices, as the fill slices each
   * iteration (a slice of the summed capacity can round differently from the slices the fill uses).
   */
  iterationCapacities?: number[];
  /**
   * Each of those iterations' own allocation (a closed iteration keeps the one it closed with); `allocation`
   * where absent.
   */
  iterationAllocations?: Allocation[];
  /** The plan; only `iterationIds` count when given. */
  plan?: FillResult | null;
  iterationIds?: string[];
  /** Done points per work type in the scope (see donePointsByType). */
  actual?: Record<string, number>;
}

/** Target vs planned vs actual points and shares per work type; types only seen in plan or actuals get a 0% target row. */
export function allocationView(input: AllocationViewInput): AllocationRow[] {
  const targets: Record<string, number> = input.iterationCapacities ? {} : sliceCapacity(input.capacity, input.allocation);
  (input.iterationCapacities ?? []).forEach((capacity, i) => {
    for (const [type, slice] of Object.entries(sliceCapacity(capacity, input.iterationAllocations?.[i] ?? input.allocation))) targets[type] = (targets[type] ?? 0) + slice;
  });
  const planned: Record<string, number> = {};
  for (const it of input.plan?.iterations ?? []) {
    if (input.iterationIds && !input.iterationIds.includes(it.id)) continue;
    for (const [type, pts] of Object.entries(it.pointsByType)) planned[type] = (planned[type] ?? 0) + pts;
  }
  const actual = input.actual ?? {};
  const types = [...Object.keys(input.allocation)];
  for (const t of [...Object.keys(planned), ...Object.keys(actual)]) if (!types.includes(t)) types.push(t);
  const plannedTotal = Object.values(planned).reduce((s, p) => s + p, 0);
  const actualTotal = Object.values(actual).reduce((s, p) => s + p, 0);
  const share = (p: number, total: number) => (total > 0 ? (100 * p) / total : 0);
  return types.map((workType) => ({
    workType,
    targetPercent: input.allocation[workType] ?? 0,
    targetPoints: targets[workType] ?? 0,
    plannedPoints: planned[workType] ?? 0,
    plannedPercent: share(planned[workType] ?? 0, plannedTotal),
    actualPoints: actual[workType] ?? 0,
    actualPercent: share(actual[workType] ?? 0, actualTotal),
  }));
}

/** Points of items resolved as done within [start, end), per work type. */
export function donePointsByType(
  items: (Pick<IssueFacts, 'key' | 'points' | 'resolved' | 'statusCategory'> & { workType: string })[],
  range: { start: string | Date; end: string | Date },
): Record<string, number> {
  const start = toMillis(range.start, 'Start of the period', ref('domain.what.periodStart'));
  const end = toMillis(range.end, 'End of the period', ref('domain.what.periodEnd'));
  const out: Record<string, number> = {};
  for (const i of items) {
    if (i.statusCategory !== 'done' || i.resolved === null || i.points === null) continue;
    const at = millisOf(i.resolved);
    if (!Number.isFinite(at)) toMillis(i.resolved, `Resolution date of ${i.key}`, ref('domain.what.resolved', { key: i.key }));
    if (at >= start && at < end) out[i.workType] = (out[i.workType] ?? 0) + i.points;
  }
  return out;
}

/**
 * The allocation an iteration had when it closed (docs/domain.md: the past is not rewritten): the latest save at or
 * before the end of `day`, else `fallback` (the default that applied while nothing was saved).
 */
export function allocationInEffect<A>(saves: readonly { savedAt: string; value: A }[], day: string, fallback: A): A {
  const until = `${day}T23:59:59.999Z`;
  let best: { savedAt: string; value: A } | undefined;
  for (const save of saves) if (save.savedAt <= until && (!best || save.savedAt > best.savedAt)) best = save;
  return best ? best.value : fallback;
}
