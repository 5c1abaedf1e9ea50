/* Exact search (branch and bound) over the placement of a few competing items. */
import { EPS, Load, Model, OUT, lowerBound } from './model';

/** Deterministic work bound (no wall clock). */
const EXACT_NODE_BUDGET = 2_000_000;

/**
 * Exact search over the placement of `search` items (topological order), seeded with the cost of `start`
 * (a feasible plan of the same items). `proven` is false when the node budget ran out first.
 */
export function branchAndBound(
  m: Model,
  base: Int32Array,
  baseLoad: Load,
  search: number[],
  start: Int32Array,
  nodeBudget = EXACT_NODE_BUDGET,
  accept?: (assign: Int32Array, load: Load) => boolean,
): { assign: Int32Array; proven: boolean } {
  const k = search.length;
  const N = m.iterationCount;
  const assign = Int32Array.from(base);
  const load = baseLoad;
  // Lower bound of what remains: each item in the earliest iteration its fixed blockers allow.
  const staticLb = search.map((i) => lowerBound(m, base, i) ?? 0);
  const suffix = new Float64Array(k + 1);
  for (let q = k - 1; q >= 0; q--) suffix[q] = suffix[q + 1] + m.weight[search[q]] * (staticLb[q] + 1);

  const searchCost = (a: Int32Array): number => {
    let c = 0;
    for (const i of search) c += m.weight[i] * (a[i] === OUT ? N + 1 : a[i] + 1);
    return c;
  };
  // Greedy restricted to the search items is feasible here (it placed them with even less room).
  let bestCost = searchCost(start);
  const found: { best: Int32Array | null } = { best: null };
  let nodes = 0;

  const visit = (q: number, costSoFar: number): void => {
    if (nodes++ > nodeBudget) return;
    if (costSoFar + suffix[q] >= bestCost - EPS) return;
    if (q === k) {
      if (accept && !accept(assign, load)) return;
      bestCost = costSoFar;
      found.best = Int32Array.from(assign);
      return;
    }
    const i = search[q];
    const lb = lowerBound(m, assign, i);
    if (lb !== null) {
      for (let t = lb; t < N; t++) {
        if (!load.fits(i, t)) continue;
        assign[i] = t;
        load.add(i, t, 1);
        visit(q + 1, costSoFar + m.weight[i] * (t + 1));
        load.add(i, t, -1);
        assign[i] = OUT;
      }
    }
    visit(q + 1, costSoFar + m.weight[i] * (N + 1));
  };
  visit(0, 0);
  return { assign: found.best ?? start, proven: nodes <= nodeBudget };
}

