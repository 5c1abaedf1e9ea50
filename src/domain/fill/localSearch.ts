/* Large requests: start plans (greedy by cost of delay, iteration-by-iteration knapsack), then improving moves. */
import { EPS, Load, Model, OUT, cloneLoad, cost, lowerBound, readyFor } from './model';
import { greedyAssign } from './greedy';
import { MinHeap } from './heap';

/** Deterministic work bound (no wall clock). */
const LOCAL_SEARCH_STEP_BUDGET = 4_000_000;
/** Cells of all knapsack tables of one request (memory and time bound). */
const KNAPSACK_CELL_BUDGET = 10_000_000;

/**
 * Large requests: the better of the start plan and a greedy pass in cost-of-delay order, then improving
 * moves (an item into an earlier iteration with room) and bumps (a higher-CoD item takes the place of a
 * lower-CoD one, which moves to the earliest later iteration with room or out), while the cost drops and
 * the step budget lasts.
 */
export function localSearch(m: Model, base: Int32Array, baseLoad: Load, search: number[], start: Int32Array): Int32Array {
  const N = m.iterationCount;
  const byCod = reorderByCod(m, search);
  let assign: Int32Array = Int32Array.from(start);
  const alt = greedyAssign(m, byCod, { assign: Int32Array.from(base), load: cloneLoad(m, baseLoad) });
  if (cost(m, alt) < cost(m, assign)) assign = alt;
  const packed = sequentialKnapsack(m, base, baseLoad, search);
  if (packed !== null && cost(m, packed) < cost(m, assign)) assign = packed;

  const load = new Load(m);
  for (let i = 0; i < m.n; i++) if (assign[i] !== OUT) load.add(i, assign[i], 1);
  const inSearch = new Uint8Array(m.n);
  for (const i of search) inSearch[i] = 1;
  const members: number[][] = Array.from({ length: N }, () => []);
  for (const i of search) if (assign[i] !== OUT) members[assign[i]].push(i);
  const candidates = [...search].sort((a, b) => m.weight[b] - m.weight[a] || m.priority[a] - m.priority[b]);

  const earliestDependent = (i: number): number => {
    let ub = N; // N = "may also go out"
    for (const d of m.dependents[i]) if (assign[d] !== OUT && assign[d] < ub) ub = assign[d];
    return ub;
  };
  const move = (i: number, to: number): void => {
    const from = assign[i];
    if (from !== OUT) {
      load.add(i, from, -1);
      const list = members[from];
      list.splice(list.indexOf(i), 1);
    }
    assign[i] = to;
    if (to !== OUT) {
      load.add(i, to, 1);
      members[to].push(i);
    }
  };

  let steps = 0;
  let improved = true;
  while (improved && steps < LOCAL_SEARCH_STEP_BUDGET) {
    improved = false;
    for (const x of candidates) {
      if (steps >= LOCAL_SEARCH_STEP_BUDGET) break;
      const wx = m.weight[x];
      if (wx <= 0) continue;
      const from = assign[x] === OUT ? N : assign[x];
      const lb = lowerBound(m, assign, x);
      if (lb === null || lb >= from) continue;
      if (assign[x] !== OUT) load.add(x, assign[x], -1);
      let done = false;
      for (let t = lb; t < from && !done; t++) {
        steps++;
        if (load.fits(x, t)) {
          if (assign[x] !== OUT) load.add(x, assign[x], 1);
          move(x, t);
          done = true;
          break;
        }
        // Bump a cheaper item y out of iteration t to the earliest later iteration with room (x's old one
        // included, x is lifted) or out of the plan, when x's gain beats y's loss.
        for (const y of members[t]) {
          steps++;
          const wy = m.weight[y];
          if (wy >= wx || !inSearch[y] || m.blockers[x].includes(y)) continue;
          const latest = earliestDependent(y); // y may not pass a planned dependent; N = may also go out
          load.add(y, t, -1);
          if (!load.fits(x, t)) {
            load.add(y, t, 1);
            continue;
          }
          load.add(x, t, 1);
          let to = N;
          for (let u = t + 1; u < Math.min(latest + 1, N); u++) {
            steps++;
            if (load.fits(y, u)) {
              to = u;
              break;
            }
          }
          load.add(x, t, -1);
          load.add(y, t, 1);
          if (to === N && latest < N) continue;
          if (wx * (from - t) - wy * (to - t) <= EPS) continue;
          if (assign[x] !== OUT) load.add(x, assign[x], 1);
          move(y, OUT);
          move(x, t);
          if (to !== N) move(y, to);
          done = true;
          break;
        }
      }
      if (done) improved = true;
      else if (assign[x] !== OUT) load.add(x, assign[x], 1);
    }
  }
  return assign;
}

/**
 * Iteration by iteration, the most cost of delay that fits (0/1 knapsack by dynamic programming over whole
 * points; per work type when types may not borrow). Only for integer points, no blockers among the items,
 * and a table small enough; null otherwise. A strong start for the local search on medium requests.
 */
function sequentialKnapsack(m: Model, base: Int32Array, baseLoad: Load, search: number[]): Int32Array | null {
  if (search.some((i) => !Number.isInteger(m.points[i]) || m.blockers[i].some((b) => base[b] === OUT))) return null;
  const assign = Int32Array.from(base);
  const load = cloneLoad(m, baseLoad);
  const typeCount = m.typeNames.length;
  let remaining = [...search];
  let work = 0;
  // Blockers are all fixed (committed prefix): each item may start at its lower bound.
  const earliest = new Map(search.map((i) => [i, lowerBound(m, base, i) as number]));
  for (let t = 0; t < m.iterationCount && remaining.length > 0; t++) {
    const eligible = remaining.filter((i) => (earliest.get(i) as number) <= t && readyFor(m, i, t));
    const groups = m.borrow ? [eligible] : m.typeNames.map((_, k) => eligible.filter((i) => m.type[i] === k));
    for (let g = 0; g < groups.length; g++) {
      const items = groups[g];
      if (items.length === 0) continue;
      // A type's slice holds no more than the iteration has left: committed items beyond their own slice
      // (placed first) may have taken some of it.
      const left = m.capacity[t] - load.total[t];
      const room = m.borrow ? left : Math.min(left, m.slice[t * typeCount + g] - load.byType[t * typeCount + g]);
      const capacity = Math.floor(room + EPS);
      if (capacity < 0) continue;
      work += items.length * (capacity + 1);
      if (work > KNAPSACK_CELL_BUDGET) return null;
      for (const i of knapsack(m, items, capacity)) {
        assign[i] = t;
        load.add(i, t, 1);
      }
    }
    remaining = remaining.filter((i) => assign[i] === OUT);
  }
  return assign;
}

/** The subset of `items` with the largest total cost of delay within `capacity` whole points. */
function knapsack(m: Model, items: number[], capacity: number): number[] {
  const width = capacity + 1;
  const best = new Float64Array(width);
  const take = new Uint8Array(items.length * width);
  items.forEach((i, k) => {
    const size = m.points[i];
    const value = m.weight[i];
    for (let c = capacity; c >= size; c--) {
      const candidate = best[c - size] + value;
      if (candidate > best[c] + EPS) {
        best[c] = candidate;
        take[k * width + c] = 1;
      }
    }
  });
  const chosen: number[] = [];
  let c = capacity;
  for (let k = items.length - 1; k >= 0; k--) {
    if (take[k * width + c]) {
      chosen.push(items[k]);
      c -= m.points[items[k]];
    }
  }
  return chosen;
}


/** `search` re-sequenced by cost of delay (still each item after its blockers). */
function reorderByCod(m: Model, search: number[]): number[] {
  const rankInSearch = new Map<number, number>();
  [...search]
    .sort((a, b) => m.weight[b] - m.weight[a] || m.priority[a] - m.priority[b])
    .forEach((i, r) => rankInSearch.set(i, r));
  const inSet = new Set(search);
  const pending = new Map<number, number>();
  const heap = new MinHeap();
  for (const i of search) {
    const p = m.blockers[i].filter((b) => inSet.has(b)).length;
    pending.set(i, p);
    if (p === 0) heap.push(rankInSearch.get(i) as number, i);
  }
  const out: number[] = [];
  while (heap.size > 0) {
    const i = heap.pop();
    out.push(i);
    for (const d of m.dependents[i]) {
      if (!inSet.has(d)) continue;
      const p = (pending.get(d) as number) - 1;
      pending.set(d, p);
      if (p === 0) heap.push(rankInSearch.get(d) as number, d);
    }
  }
  return out;
}

