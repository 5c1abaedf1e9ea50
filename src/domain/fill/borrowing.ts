/*
 * Borrowing phase (borrowUnused, the default): a slice's own type has first call on it; other types may
 * take only room its own items cannot use. The rule and how it was measured: docs/decisions/fill-solver.md.
 */
import { EPS, Load, Model, OUT, loadOf, lowerBound } from './model';

/** Rounds of the borrowing pass (each places at least one item; usually 2 suffice). */
const BORROW_ROUND_LIMIT = 50;

/**
 * Per iteration, the first and last committed-order position placed there, so that a committed item's
 * window (the iterations committed order allows it) costs O(N).
 */
export class CommittedSpan {
  readonly min: Int32Array;
  readonly max: Int32Array;
  constructor(private readonly m: Model, assign: Int32Array) {
    this.min = new Int32Array(m.iterationCount).fill(m.n);
    this.max = new Int32Array(m.iterationCount).fill(-1);
    for (let i = 0; i < m.n; i++) if (m.committed[i] && assign[i] !== OUT) this.add(i, assign[i]);
  }
  add(i: number, t: number): void {
    const p = this.m.priority[i];
    if (p < this.min[t]) this.min[t] = p;
    if (p > this.max[t]) this.max[t] = p;
  }
  /** Narrows [lb, ub] to what committed order allows item i; returns false when nothing is left. */
  window(i: number, bounds: [number, number]): boolean {
    if (!this.m.committed[i]) return bounds[0] <= bounds[1];
    const p = this.m.priority[i];
    for (let t = 0; t < this.m.iterationCount; t++) {
      if (this.min[t] < p && t > bounds[0]) bounds[0] = t;
      if (this.max[t] > p && t < bounds[1]) bounds[1] = t;
    }
    return bounds[0] <= bounds[1];
  }
}

/**
 * The protection rule: an item x of type u that was eligible for iteration t (every blocker planned in t or
 * earlier, committed order allowing t) but is not planned in t or earlier, and fits the room left in u's
 * own slice in t, must also fit the room left in t. Otherwise points borrowed by other types crowd x out
 * of its own slice. Holds trivially while no type exceeds its slice (the slices sum to at most capacity).
 */
export function protectionHolds(m: Model, assign: Int32Array, load = loadOf(m, assign), span = new CommittedSpan(m, assign)): boolean {
  if (!m.borrow) return true;
  const bounds: [number, number] = [0, 0];
  for (const x of m.order) if (crowdedIteration(m, assign, load, span, x, 0, bounds) !== null) return false;
  return true;
}

/** First iteration >= from where x is crowded out of its own slice (see protectionHolds), else null. */
function crowdedIteration(
  m: Model,
  assign: Int32Array,
  load: Load,
  span: CommittedSpan,
  x: number,
  from: number,
  bounds: [number, number],
): number | null {
  const lb = lowerBound(m, assign, x);
  if (lb === null) return null;
  bounds[0] = Math.max(lb, from);
  bounds[1] = (assign[x] === OUT ? m.iterationCount : assign[x]) - 1;
  if (!span.window(x, bounds)) return null;
  const typeCount = m.typeNames.length;
  const p = m.points[x];
  for (let t = bounds[0]; t <= bounds[1]; t++) {
    const s = t * typeCount + m.type[x];
    if (p <= m.slice[s] - load.byType[s] + EPS && p > m.capacity[t] - load.total[t] + EPS) return t;
  }
  return null;
}

/**
 * How much of each slice its own type can still use: per iteration and work type, the points of items that
 * are eligible there and not planned there or earlier, counted by distinct point value so that "what fits
 * the room left" costs O(distinct values). Committed items (few) are looked at one by one, because the
 * iterations committed order allows them change as other committed items are placed.
 */
class OwnerDemand {
  private readonly offset: Int32Array;
  private readonly values: number[] = [];
  private readonly valueOf: Int32Array;
  private readonly count: Int32Array;
  private readonly committedByType: number[][];
  private readonly width: number;
  constructor(private readonly m: Model, private readonly assign: Int32Array, private readonly load: Load, private readonly span: CommittedSpan) {
    const T = m.typeNames.length;
    this.offset = new Int32Array(T + 1);
    this.valueOf = new Int32Array(m.n).fill(-1);
    this.committedByType = m.typeNames.map(() => []);
    const byType: number[][] = m.typeNames.map(() => []);
    for (const x of m.order) {
      if (m.committed[x]) this.committedByType[m.type[x]].push(x);
      else byType[m.type[x]].push(m.points[x]);
    }
    for (let u = 0; u < T; u++) {
      const distinct = [...new Set(byType[u])].sort((a, b) => a - b);
      this.offset[u] = this.values.length;
      for (const v of distinct) this.values.push(v);
    }
    this.offset[T] = this.values.length;
    this.width = this.values.length;
    for (let u = 0; u < T; u++) {
      const index = new Map<number, number>();
      for (let k = this.offset[u]; k < this.offset[u + 1]; k++) index.set(this.values[k], k);
      for (const x of m.order) if (!m.committed[x] && m.type[x] === u) this.valueOf[x] = index.get(m.points[x]) as number;
    }
    this.count = new Int32Array(m.iterationCount * this.width);
    for (const x of m.order) this.markEligible(x, 1);
  }
  /** Counts (sign 1) or uncounts (-1) a non-committed x over the iterations it is eligible for and not yet planned in. */
  markEligible(x: number, sign: 1 | -1, from = 0): void {
    const k = this.valueOf[x];
    if (k < 0) return;
    const lb = lowerBound(this.m, this.assign, x);
    if (lb === null) return;
    const end = this.assign[x] === OUT ? this.m.iterationCount : this.assign[x];
    for (let t = Math.max(lb, from); t < end; t++) this.count[t * this.width + k] += sign;
  }
  /** True when the room left in iteration t covers what every type's own items can still use of its slice. */
  ownersFit(t: number, bounds: [number, number]): boolean {
    const m = this.m;
    const T = m.typeNames.length;
    let demand = 0;
    for (let u = 0; u < T; u++) {
      const room = m.slice[t * T + u] - this.load.byType[t * T + u];
      if (room <= EPS) continue;
      let usable = 0;
      for (let k = this.offset[u]; k < this.offset[u + 1] && usable < room; k++) {
        const v = this.values[k];
        if (v > room + EPS) break;
        usable += v * this.count[t * this.width + k];
      }
      for (const c of this.committedByType[u]) {
        if (usable >= room) break;
        if (m.points[c] > room + EPS || (this.assign[c] !== OUT && this.assign[c] <= t)) continue;
        const lb = lowerBound(m, this.assign, c);
        if (lb === null || lb > t) continue;
        bounds[0] = lb;
        bounds[1] = m.iterationCount - 1;
        if (this.span.window(c, bounds) && t <= bounds[1] && t >= bounds[0]) usable += m.points[c];
      }
      demand += Math.min(room, usable);
    }
    return demand <= m.capacity[t] - this.load.total[t] + EPS;
  }
}

/**
 * Adds unplaced items of `sequence`, in order, each into the earliest iteration where it fits in total and
 * the room left still covers what every type's own eligible items can use of its slice (`OwnerDemand`), in
 * rounds until a round places nothing. Within its own slice an item always passes, unless it unblocks items
 * that would then be crowded out. This keeps the protection rule (see protectionHolds), jointly for all
 * owners, so that one owner's item never has to wait because another owner's item would then no longer fit.
 */
export function borrowPass(m: Model, start: Int32Array, sequence: number[]): Int32Array {
  const N = m.iterationCount;
  const assign = Int32Array.from(start);
  const load = loadOf(m, assign);
  const span = new CommittedSpan(m, assign);
  const demand = new OwnerDemand(m, assign, load, span);
  const bounds: [number, number] = [0, 0];
  const window: [number, number] = [0, 0];
  const unblocked: number[] = [];
  const place = (y: number, t: number): boolean => {
    demand.markEligible(y, -1, t);
    assign[y] = t;
    load.add(y, t, 1);
    const oldMin = span.min[t];
    const oldMax = span.max[t];
    if (m.committed[y]) span.add(y, t);
    unblocked.length = 0;
    for (const d of m.dependents[y]) {
      if (assign[d] === OUT && lowerBound(m, assign, d) !== null) {
        demand.markEligible(d, 1);
        unblocked.push(d);
      }
    }
    let ok = demand.ownersFit(t, bounds);
    if (m.dependents[y].length > 0) for (let s = t + 1; s < N && ok; s++) ok = demand.ownersFit(s, bounds);
    if (ok) return true;
    for (const d of unblocked) demand.markEligible(d, -1);
    span.min[t] = oldMin;
    span.max[t] = oldMax;
    load.add(y, t, -1);
    assign[y] = OUT;
    demand.markEligible(y, 1, t);
    return false;
  };
  for (let round = 0, placed = true; placed && round < BORROW_ROUND_LIMIT; round++) {
    placed = false;
    for (const y of sequence) {
      if (assign[y] !== OUT) continue;
      const lb = lowerBound(m, assign, y);
      if (lb === null) continue;
      window[0] = lb;
      window[1] = N - 1;
      if (!span.window(y, window)) continue;
      for (let t = window[0]; t <= window[1]; t++) {
        if (load.total[t] + m.points[y] > m.capacity[t] + EPS) continue;
        if (place(y, t)) {
          placed = true;
          break;
        }
      }
    }
  }
  return assign;
}

