/*
 * Borrowing phase (borrowUnused, the default): a slice's own type has first call on it; other types may
 * take only room its own items cannot use. The rule and how it was measured: docs/decisions/fill-solver.md.
 */
import { EPS, Load, Model, OUT, loadOf, lowerBound, readyFor } from './model';

/** Rounds of the borrowing pass (each places or moves at least one item; usually 2 suffice). */
const BORROW_ROUND_LIMIT = 50;

/**
 * The protection rule: an item x of type u that was eligible for iteration t (ready for t, every blocker
 * planned in t or earlier) but is not planned in t or earlier, and fits the room left in u's own slice in
 * t, must also fit the room left in t. Otherwise points borrowed by other types crowd x out of its own
 * slice. Holds trivially while no type exceeds its slice (the slices sum to at most capacity).
 */
export function protectionHolds(m: Model, assign: Int32Array, load = loadOf(m, assign)): boolean {
  if (!m.borrow) return true;
  for (const x of m.order) if (crowded(m, assign, load, x)) return false;
  return true;
}

/** True when x is crowded out of its own slice in some iteration (see protectionHolds). */
function crowded(m: Model, assign: Int32Array, load: Load, x: number): boolean {
  const lb = lowerBound(m, assign, x);
  if (lb === null) return false;
  const end = assign[x] === OUT ? m.iterationCount : assign[x];
  const typeCount = m.typeNames.length;
  const p = m.points[x];
  for (let t = lb; t < end; t++) {
    if (!readyFor(m, x, t)) continue;
    const s = t * typeCount + m.type[x];
    if (p <= m.slice[s] - load.byType[s] + EPS && p > m.capacity[t] - load.total[t] + EPS) return true;
  }
  return false;
}

/**
 * How much of each slice its own type can still use: per iteration and work type, the points of items that
 * are eligible there (ready for it, blockers planned by then) and not planned there or earlier, counted by
 * distinct point value so that "what fits the room left" costs O(distinct values).
 */
class OwnerDemand {
  private readonly offset: Int32Array;
  private readonly values: number[] = [];
  private readonly valueOf: Int32Array;
  private readonly count: Int32Array;
  private readonly width: number;
  constructor(private readonly m: Model, private readonly assign: Int32Array, private readonly load: Load) {
    const T = m.typeNames.length;
    this.offset = new Int32Array(T + 1);
    this.valueOf = new Int32Array(m.n).fill(-1);
    const byType: number[][] = m.typeNames.map(() => []);
    for (const x of m.order) byType[m.type[x]].push(m.points[x]);
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
      for (const x of m.order) if (m.type[x] === u) this.valueOf[x] = index.get(m.points[x]) as number;
    }
    this.count = new Int32Array(m.iterationCount * this.width);
    for (const x of m.order) this.markEligible(x, 1);
  }
  /** Counts (sign 1) or uncounts (-1) x over the iterations from `from` it is eligible for and not yet planned in. */
  markEligible(x: number, sign: 1 | -1, from = 0): void {
    const k = this.valueOf[x];
    if (k < 0) return;
    const lb = lowerBound(this.m, this.assign, x);
    if (lb === null) return;
    const end = this.assign[x] === OUT ? this.m.iterationCount : this.assign[x];
    for (let t = Math.max(lb, from); t < end; t++) if (readyFor(this.m, x, t)) this.count[t * this.width + k] += sign;
  }
  /**
   * True when the room left in iteration t covers what every type's own items can still use of its slice;
   * `later[u]`: points of type u's items that are not eligible in t yet but will be once blockers that can go
   * there are placed (see `unblockedLater`), counted as its own items too.
   */
  ownersFit(t: number, later?: readonly number[]): boolean {
    const m = this.m;
    const T = m.typeNames.length;
    let demand = 0;
    for (let u = 0; u < T; u++) {
      const room = m.slice[t * T + u] - this.load.byType[t * T + u];
      if (room <= EPS) continue;
      let usable = later ? later[u] : 0;
      for (let k = this.offset[u]; k < this.offset[u + 1] && usable < room; k++) {
        const v = this.values[k];
        if (v > room + EPS) break;
        usable += v * this.count[t * this.width + k];
      }
      demand += Math.min(room, usable);
    }
    return demand <= m.capacity[t] - this.load.total[t] + EPS;
  }
}

/**
 * Per work type, the points of items that are not eligible for iteration t only because a blocker is not
 * planned yet, while every such blocker could still go there (eligible for t and within what is left of its own
 * slice): an owner's item the blocker will unblock, which a borrower must not crowd out in advance. Each item
 * counted fits what is left of its own slice in t. What waits on the borrower `y` itself is left out: without
 * it, that item has no chance anyway. Null when there is none.
 */
function unblockedLater(m: Model, assign: Int32Array, load: Load, t: number, blocked: readonly number[], y: number): number[] | null {
  const T = m.typeNames.length;
  let later: number[] | null = null;
  for (const x of blocked) {
    if ((assign[x] !== OUT && assign[x] <= t) || !readyFor(m, x, t) || m.earliest[x] > t || m.blockers[x].includes(y)) continue;
    const room = m.slice[t * T + m.type[x]] - load.byType[t * T + m.type[x]];
    if (m.points[x] > room + EPS) continue;
    let waiting = false;
    let possible = true;
    for (const b of m.blockers[x]) {
      if (assign[b] !== OUT) {
        possible = assign[b] <= t;
      } else {
        waiting = true;
        const lb = lowerBound(m, assign, b);
        const own = m.slice[t * T + m.type[b]] - load.byType[t * T + m.type[b]];
        possible = lb !== null && lb <= t && readyFor(m, b, t) && m.points[b] <= own + EPS && !m.blockers[b].includes(y);
      }
      if (!possible) break;
    }
    if (!possible || !waiting) continue;
    later ??= new Array<number>(T).fill(0);
    later[m.type[x]] += m.points[x];
  }
  return later;
}

/**
 * Items of `sequence`, in order, each into the earliest iteration where it fits in total and the room left
 * still covers what every type's own eligible items can use of its slice (`OwnerDemand`): a left-out item
 * into any iteration, a planned one into an earlier one than its own (no idle room). In rounds until a
 * round changes nothing. Within its own slice an item always passes, unless it unblocks items that would
 * then be crowded out. This keeps the protection rule (see protectionHolds), jointly for all owners, so
 * that one owner's item never has to wait because another owner's item would then no longer fit.
 */
export function borrowPass(m: Model, start: Int32Array, sequence: number[]): Int32Array {
  const N = m.iterationCount;
  const assign = Int32Array.from(start);
  const load = loadOf(m, assign);
  const demand = new OwnerDemand(m, assign, load);
  const counted: number[] = [];
  // Moves y from its iteration (or out) to t, keeping the owners' demand exact: y stops counting from t on,
  // and its dependents' eligibility may start earlier (or at all).
  const relocate = (y: number, t: number): void => {
    counted.length = 0;
    for (const d of m.dependents[y]) {
      if (lowerBound(m, assign, d) !== null) {
        demand.markEligible(d, -1);
        counted.push(d);
      }
    }
    const from = assign[y];
    demand.markEligible(y, -1, t);
    if (from !== OUT) load.add(y, from, -1);
    assign[y] = t;
    load.add(y, t, 1);
    for (const d of m.dependents[y]) if (lowerBound(m, assign, d) !== null) demand.markEligible(d, 1);
  };
  const undo = (y: number, from: number, t: number): void => {
    for (const d of m.dependents[y]) if (lowerBound(m, assign, d) !== null) demand.markEligible(d, -1);
    load.add(y, t, -1);
    assign[y] = from;
    if (from !== OUT) load.add(y, from, 1);
    demand.markEligible(y, 1, t);
    for (const d of counted) demand.markEligible(d, 1);
  };
  const T = m.typeNames.length;
  // Candidates waiting on a blocker: few, and the only ones `unblockedLater` looks at.
  const blocked = sequence.filter((x) => m.blockers[x].length > 0 && m.staticReason[x] === null);
  const tryMove = (y: number, t: number): boolean => {
    const from = assign[y];
    // Within its own slice an item is always welcome (its owner's room), unless what it unblocks would be
    // crowded out; beyond it, only into room no type's own waiting items can use, now and (for what it
    // unblocks) later.
    const s0 = t * T + m.type[y];
    const hasDependents = m.dependents[y].length > 0;
    const within = m.points[y] <= m.slice[s0] - load.byType[s0] + EPS;
    relocate(y, t);
    let ok = (within && !hasDependents) || demand.ownersFit(t);
    // Beyond its slice, it must also leave room for owners' items that blockers placed there would unblock.
    if (ok && !within && blocked.length > 0) {
      const later = unblockedLater(m, assign, load, t, blocked, y);
      if (later) ok = demand.ownersFit(t, later);
    }
    if (hasDependents) for (let s = t + 1; s < N && ok; s++) ok = demand.ownersFit(s);
    // The room it leaves grows its own slice there: an owner waiting there must still fit.
    else if (ok && from !== OUT) ok = demand.ownersFit(from);
    if (ok) return true;
    undo(y, from, t);
    return false;
  };
  for (let round = 0, changed = true; changed && round < BORROW_ROUND_LIMIT; round++) {
    changed = false;
    for (const y of sequence) {
      const lb = lowerBound(m, assign, y);
      if (lb === null) continue;
      const end = assign[y] === OUT ? N : assign[y];
      for (let t = lb; t < end; t++) {
        if (load.total[t] + m.points[y] > m.capacity[t] + EPS || !readyFor(m, y, t)) continue;
        if (tryMove(y, t)) {
          changed = true;
          break;
        }
      }
    }
  }
  return assign;
}
