/**
 * Generated fill requests of the shapes a PO meets: lumpy sizes, tight slices (no borrowing between work
 * types), dependency chains, and committed program stories. Seeded, so every run sees the same requests.
 */
import type { FillRequest, PlanItem } from '../src/domain';
import { createPrng, type Prng } from '../test/demo-site/prng';

export const SHAPES = ['lumpy sizes', 'tight slices', 'dependency chains', 'committed stories'] as const;
export type Shape = (typeof SHAPES)[number];

export const WORK_TYPES = ['feature', 'enabler', 'maintenance', 'techDebt', 'improvement'] as const;
const FIBONACCI = [1, 2, 3, 5, 8, 13, 20] as const;
/** Mostly small stories with a heavy tail, as real backlogs have. */
const LUMPY_POINTS = [1, 1, 2, 2, 3, 3, 3, 5, 5, 8, 8, 13, 20] as const;

export interface SizeRange {
  items: [number, number];
  iterations: [number, number];
  capacity: [number, number];
}

export const SMALL: SizeRange = { items: [6, 11], iterations: [2, 3], capacity: [6, 18] };
export const LARGE: SizeRange = { items: [40, 300], iterations: [2, 6], capacity: [20, 45] };

function allocation(rng: Prng): Record<string, number> {
  // Whole percents summing to 100 over the five types, each at least 5.
  const weights = WORK_TYPES.map(() => 1 + rng.int(0, 9));
  const total = weights.reduce((a, b) => a + b, 0);
  const percents = weights.map((w) => 5 + Math.floor((w / total) * 75));
  percents[0] = (percents[0] as number) + 100 - percents.reduce((a, b) => a + b, 0);
  return Object.fromEntries(WORK_TYPES.map((t, i) => [t, percents[i] as number]));
}

function costOfDelay(rng: Prng): number {
  return rng.pick(FIBONACCI) + rng.pick(FIBONACCI) + rng.pick(FIBONACCI);
}

function baseItem(rng: Prng, i: number, points: readonly number[]): PlanItem {
  return {
    key: `B-${i + 1}`,
    workType: rng.pick(WORK_TYPES),
    points: rng.chance(0.05) ? null : rng.pick(points),
    ready: rng.chance(0.9),
    rank: i,
    costOfDelay: rng.chance(0.1) ? null : costOfDelay(rng),
    committedOrder: null,
    blockedBy: [],
  };
}

export function generateRequest(shape: Shape, size: SizeRange, seed: number): FillRequest {
  const rng = createPrng(seed);
  const n = rng.int(size.items[0], size.items[1]);
  const iterationCount = rng.int(size.iterations[0], size.iterations[1]);
  const points = shape === 'lumpy sizes' ? LUMPY_POINTS : FIBONACCI.slice(0, 5);
  const items = Array.from({ length: n }, (_, i) => baseItem(rng, i, points));
  if (shape === 'dependency chains') {
    // Chains of 2-5: each link blocked by the one before; the valuable end often waits on cheap starts.
    for (let i = 0; i < n; ) {
      const length = rng.int(2, 5);
      for (let j = i + 1; j < Math.min(n, i + length); j++) (items[j] as PlanItem).blockedBy = [(items[j - 1] as PlanItem).key];
      i += length;
    }
    items.forEach((item) => {
      if (rng.chance(0.05)) item.blockedBy = [...(item.blockedBy ?? []), 'OTHER-1'];
    });
  }
  if (shape === 'committed stories') {
    const committed = items.filter(() => rng.chance(0.3));
    rng.shuffle(committed).forEach((item, order) => (item.committedOrder = order + 1));
    // Some committed stories wait on a local enabler.
    items.forEach((item, i) => {
      if (item.committedOrder !== null && i > 0 && rng.chance(0.2)) item.blockedBy = [(items[rng.int(0, i - 1)] as PlanItem).key];
    });
  }
  const iterations = Array.from({ length: iterationCount }, (_, t) => ({ id: `S${t + 1}`, capacity: rng.int(size.capacity[0], size.capacity[1]) }));
  return { items, iterations, allocation: allocation(rng), borrowUnused: shape !== 'tight slices' };
}

/** The 10k-item request of figure 6: every shape mixed, 6 iterations of a team's velocity. */
export function largeMixedRequest(items: number, iterations: number, capacity: number, seed: number): FillRequest {
  const rng = createPrng(seed);
  const list = Array.from({ length: items }, (_, i) => baseItem(rng, i, LUMPY_POINTS));
  list.forEach((item, i) => {
    if (i > 0 && rng.chance(0.05)) item.blockedBy = [(list[rng.int(Math.max(0, i - 50), i - 1)] as PlanItem).key];
    if (rng.chance(0.02)) item.committedOrder = rng.int(1, 200);
  });
  return {
    items: list,
    iterations: Array.from({ length: iterations }, (_, t) => ({ id: `S${t + 1}`, capacity })),
    allocation: allocation(rng),
    borrowUnused: true,
  };
}
