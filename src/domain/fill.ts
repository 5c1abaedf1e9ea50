/*
 * Iteration fill: which ready items go into which of the next N iterations.
 *
 * Solver choice, measured 2026-11-25 on this machine (Node 20, 2 cores) with the `highs` package
 * (HiGHS 1.15 as WebAssembly) on the fill MIP (binary x[item][iteration], one iteration per item,
 * capacity per iteration, objective sum CoD x iteration index):
 *   wasm load 31 ms (async); 12 items x 2 iterations: 50-150 ms per solve; 40 x 2: 230-350 ms;
 *   200 x 6: 2.1-2.7 s; 1,000 x 6: 1.4 s; 10,000 x 6: hit a 20 s time limit without proving optimality.
 * So HiGHS is far from "10,000 x 6 well under a second", needs an async load while `fillIterations`
 * is synchronous, and its loader reads the .wasm file (src/domain must not touch the file system).
 * Our own search is exact on small requests in well under a millisecond. Chosen design:
 *   1. greedy (the floor, and the `greedy` mode): priority order, an item only after its blockers
 *      (blockers inherit the priority of what they unblock), each item into the earliest iteration it fits
 *      (with borrowing: see "Borrowing" below);
 *   2. committed items and their blockers are placed first, exactly as greedy places them, in both modes;
 *   3. the rest, in `optimal`: exact branch and bound when at most EXACT_LIMIT scored items (or their
 *      blockers) compete; otherwise the best of greedy, greedy by cost of delay and an iteration-by-iteration
 *      knapsack (whole points, no open blockers), then improving local search (moves and bumps);
 *      all bounded by deterministic step counts (no clock), so the same request gives the same answer;
 *   4. a final pass puts any left-out item that now fits into the earliest iteration it fits;
 *   5. never worse than greedy: if the search ends above the greedy cost, greedy's answer is returned.
 *   With borrowing, `optimal` instead runs an exact branch and bound over every non-committed item (scored
 *   or not) when at most EXACT_BORROW_LIMIT, each complete plan checked against the borrowing rule;
 *   otherwise steps 3-4 without borrowing (within slices the rule holds), then the borrowing pass below.
 * Measured with this design (tsx, same machine, 5 work types, random Fibonacci points, 6 iterations):
 *   10,000 items: greedy 8-52 ms, optimal 48-211 ms; 2,000 items: optimal 18-38 ms; worst small request
 *   seen (16-22 items, 5-6 iterations, exact node budget exhausted, then local search): ~110 ms.
 *   Against HiGHS's proven optimum (one work type, no blockers): 30x2, 40x3, 200x6, 300x6 items x iterations
 *   equal; 60x4 +0.10%, 100x6 +0.05% (greedy: +0.005% to +0.45%), in 1-22 ms instead of 0.1-1.3 s.
 *
 * Borrowing (borrowUnused, the default; issue 2 follow-up). Each work type's slice (sliceCapacity, largest
 * remainder) is reserved for that type; only room its own items cannot use may go to other types. The rule
 * every plan keeps (protectionHolds; test/domain/fillHelpers.ts `crowdedOut` checks it independently): for
 * every iteration t and item x of type u eligible for t (ready, estimated, every blocker planned in t or
 * earlier, committed order allowing t) but not planned in t or earlier, if x fits the room left in u's slice
 * in t, it fits the room left in t. So borrowed points never crowd an owner out of its own slice. Greedy and
 * the final pass of `optimal` keep a stronger, joint form (borrowPass, OwnerDemand): an item may take room
 * beyond its own slice only if what is left still covers, for every type, what its waiting eligible items
 * can use of its slice; else two owners could each fit alone but not together, and both would wait. An item
 * that unblocks others is placed only if they are not crowded out then. Measured with borrowing (10,000
 * items, 6 iterations, 5 types, cold process): greedy 85-110 ms, optimal 300-500 ms (200-370 ms without
 * borrowing); 8-23 items x 1-6 iterations: mean 2.4 ms, worst 89 ms.
 *
 * Semantics decided here (see also the report of issue 2):
 * - Without borrowUnused every type's slice binds in every iteration; with it, see above. Committed items
 *   come first among their type, but may borrow only what other types' own items cannot use.
 * - `tooBig` means bigger than every iteration's total capacity; an item that fits an iteration but never its
 *   type's slice (borrowUnused false) is `noCapacity`.
 * - `blocked`: a blocker missing from the request, a blocker cycle (or downstream of one), or a blocker that
 *   is itself left out for any reason.
 * - `earliestIteration` (a blocker planned outside the request, e.g. pinned): the item and, through it, its
 *   dependents go no earlier; at or beyond the last iteration it is `blocked`.
 * - Committed items: iterations never decrease along committed order (left-out committed items do not
 *   constrain the others); they take capacity before any non-committed item (of their type, with
 *   borrowing), so the `optimal` mode never trades a committed story away for cost of delay (they are often
 *   unscored, which would count 0). With borrowing, `optimal` may still plan one greedy left out.
 * - An item whose work type has no entry in the allocation is a DomainError (`unknownWorkType`): the
 *   allocation is incomplete, and planning around it silently would hide that.
 */
import { Allocation, roomAfterReserved, validateAllocation } from './allocation';
import { DomainError, requireFinite, requireNonNegative, isNonNegativeNumber } from './errors';
import { comparePriority } from './wsjf';

export interface PlanItem {
  key: string;
  workType: string;
  points: number | null;
  ready: boolean;
  /** Position in the Jira backlog, 0 = top. */
  rank: number;
  /** null/absent = unscored. */
  costOfDelay?: number | null;
  /** Committed program story: its PI-planning order. */
  committedOrder?: number | null;
  /** Keys of blockers that are not Done. */
  blockedBy?: string[];
  /** Job size for the WSJF order when the team keeps one apart from points; absent = points. */
  jobSize?: number | null;
  /**
   * Index of the first iteration the item may take (0 = any; absent = 0): a blocker planned outside the
   * request, such as one the PO pinned, constrains its dependents this way.
   */
  earliestIteration?: number;
}

export interface FillRequest {
  items: PlanItem[];
  /**
   * `reserved`: points already placed in the iteration, by work type (the PO's pins). They take from its
   * capacity and from their own type's slice; an item is still `tooBig` only against the whole capacity.
   * `allocation`: the iteration's own, when it belongs to another PI than `allocation` (same work types).
   */
  iterations: { id: string; capacity: number; reserved?: Record<string, number>; allocation?: Allocation }[];
  allocation: Allocation;
  /** Default true: capacity a type cannot use flows to other types. */
  borrowUnused?: boolean;
  /** Default 'optimal'. */
  mode?: 'greedy' | 'optimal';
}

export type LeftOutReason = 'notReady' | 'unestimated' | 'tooBig' | 'blocked' | 'noCapacity';

export interface FillResult {
  iterations: { id: string; keys: string[]; points: number; pointsByType: Record<string, number> }[];
  leftOut: { key: string; reason: LeftOutReason }[];
  /** Sum over items of CoD x (1-based iteration index, or N+1 when left out); unscored items count 0. */
  costOfDelay: number;
}

/** At most this many competing items are searched exactly (branch and bound). */
const EXACT_LIMIT = 22;
/** Deterministic work bounds (no wall clock). */
const EXACT_NODE_BUDGET = 2_000_000;
const LOCAL_SEARCH_STEP_BUDGET = 4_000_000;
/** With borrowing, at most this many items (scored or not) are searched exactly, each complete plan checked. */
const EXACT_BORROW_LIMIT = 16;
const EXACT_BORROW_NODE_BUDGET = 400_000;
/** Rounds of the borrowing pass (each places at least one item; usually 2 suffice). */
const BORROW_ROUND_LIMIT = 50;
/** Cells of all knapsack tables of one request (memory and time bound). */
const KNAPSACK_CELL_BUDGET = 10_000_000;
const EPS = 1e-9;
const OUT = -1;

interface Model {
  n: number;
  iterationCount: number;
  keys: string[];
  type: Int32Array;
  typeNames: string[];
  points: Float64Array;
  weight: Float64Array;
  committed: Uint8Array;
  /** Position in priority order (0 = first). */
  priority: Int32Array;
  blockers: readonly (readonly number[])[];
  dependents: readonly (readonly number[])[];
  /** First iteration each item may take (PlanItem.earliestIteration). */
  earliest: Int32Array;
  borrow: boolean;
  capacity: Float64Array;
  /** slice[t * typeCount + type] */
  slice: Float64Array;
  /** Static or structural reason an item can never be planned, else null. */
  staticReason: (LeftOutReason | null)[];
  /** Candidates in topological order, each after its blockers, blockers pulled to what they unblock. */
  order: number[];
  /** Number of leading `order` entries that are committed items or (transitive) blockers of one. */
  prefixLength: number;
}

/** Plans the next iterations from the backlog: greedy in priority order, or the minimum total cost of delay. */
export function fillIterations(req: FillRequest): FillResult {
  const model = buildModel(req);
  const greedy = greedyPlan(model);
  const mode = req.mode ?? 'optimal';
  if (mode === 'greedy') return toResult(model, greedy, req);
  const optimal = model.borrow ? optimiseBorrowing(model, greedy) : optimise(model, greedy);
  return toResult(model, cost(model, optimal) <= cost(model, greedy) + EPS ? optimal : greedy, req);
}

// ---------------------------------------------------------------------------------------------
// Model: validation, static reasons, blocker graph, topological priority order

/** The shared empty blocker/dependent list; readonly by type, not frozen (a frozen array made the fill's loops ~35% slower). */
const NO_ITEMS: readonly number[] = [];

function buildModel(req: FillRequest): Model {
  if (!req || !Array.isArray(req.items) || !Array.isArray(req.iterations)) {
    throw new DomainError('invalidRequest', 'A fill request needs a list of items and a list of iterations');
  }
  if (req.mode !== undefined && req.mode !== 'greedy' && req.mode !== 'optimal') {
    throw new DomainError('invalidRequest', `Unknown fill mode "${String(req.mode)}": use "greedy" or "optimal"`);
  }
  validateAllocation(req.allocation);
  if (req.iterations.length === 0) {
    throw new DomainError('invalidRequest', 'There is no iteration to plan: choose at least one upcoming sprint');
  }
  const typeNames = Object.keys(req.allocation);
  const typeIndex = new Map(typeNames.map((t, i) => [t, i]));
  const iterationCount = req.iterations.length;
  const capacity = new Float64Array(iterationCount);
  const wholeCapacity = new Float64Array(iterationCount);
  const slice = new Float64Array(iterationCount * typeNames.length);
  const iterationIds = new Set<string>();
  req.iterations.forEach((it, t) => {
    if (typeof it.id !== 'string' || it.id === '') {
      throw new DomainError('invalidRequest', `Iteration #${t + 1} has no id`);
    }
    if (iterationIds.has(it.id)) throw new DomainError('duplicateKey', `Iteration "${it.id}" appears twice in the plan`);
    iterationIds.add(it.id);
    requireNonNegative(it.capacity, `Capacity of iteration "${it.id}"`, 'invalidCapacity');
    wholeCapacity[t] = it.capacity;
    if (it.allocation !== undefined) {
      validateAllocation(it.allocation);
      const own = Object.keys(it.allocation);
      if (own.length !== typeNames.length || own.some((name) => !typeIndex.has(name))) {
        throw new DomainError('invalidAllocation', `Iteration "${it.id}" has an allocation over other work types than the plan's: give every PI the same work types`);
      }
    }
    const room = roomAfterReserved(it.capacity, it.allocation ?? req.allocation, it.reserved);
    capacity[t] = room.capacity;
    typeNames.forEach((name, k) => (slice[t * typeNames.length + k] = room.slices[name]));
  });

  const n = req.items.length;
  const keys: string[] = [];
  const index = new Map<string, number>();
  const type = new Int32Array(n);
  const points = new Float64Array(n);
  const weight = new Float64Array(n);
  const committed = new Uint8Array(n);
  const earliest = new Int32Array(n);
  req.items.forEach((item, i) => {
    if (!item || typeof item.key !== 'string' || item.key === '') {
      throw new DomainError('invalidRequest', `Item #${i + 1} has no key`);
    }
    if (index.has(item.key)) throw new DomainError('duplicateKey', `${item.key} appears twice in the backlog to plan`);
    index.set(item.key, i);
    keys.push(item.key);
    const k = typeIndex.get(item.workType);
    if (k === undefined) {
      throw new DomainError(
        'unknownWorkType',
        `${item.key} is of work type "${String(item.workType)}", which has no share in the allocation: add it (0% is fine)`,
      );
    }
    type[i] = k;
    // Messages are built only for a bad number (a string per check and item added up at 50k items).
    if (item.points !== null && !isNonNegativeNumber(item.points)) requireNonNegative(item.points, `Story points of ${item.key}`);
    points[i] = item.points ?? 0;
    if (item.costOfDelay != null) {
      if (!isNonNegativeNumber(item.costOfDelay)) requireNonNegative(item.costOfDelay, `Cost of delay of ${item.key}`);
      weight[i] = item.costOfDelay;
    }
    if (!Number.isFinite(item.rank)) requireFinite(item.rank, `Rank of ${item.key}`);
    if (item.jobSize != null && !isNonNegativeNumber(item.jobSize)) requireNonNegative(item.jobSize, `Job size of ${item.key}`);
    if (item.earliestIteration !== undefined) {
      if (!Number.isInteger(item.earliestIteration) || item.earliestIteration < 0) {
        throw new DomainError('invalidRequest', `The earliest iteration of ${item.key} must be a whole number from 0`);
      }
      earliest[i] = item.earliestIteration;
    }
    if (item.committedOrder != null) {
      if (!Number.isFinite(item.committedOrder)) requireFinite(item.committedOrder, `Committed order of ${item.key}`);
      committed[i] = 1;
    }
    if (typeof item.ready !== 'boolean') {
      throw new DomainError('invalidRequest', `${item.key} does not say whether it is ready`);
    }
    if (item.blockedBy !== undefined && !Array.isArray(item.blockedBy)) {
      throw new DomainError('invalidRequest', `The blockers of ${item.key} must be a list of issue keys`);
    }
  });

  const sorted = req.items
    .map((item, i) => ({
      i,
      key: item.key,
      rank: item.rank,
      committedOrder: item.committedOrder,
      costOfDelay: item.costOfDelay,
      jobSize: item.jobSize !== undefined ? item.jobSize : item.points,
    }))
    .sort(comparePriority);
  const priority = new Int32Array(n);
  sorted.forEach((s, p) => (priority[s.i] = p));

  // Too big means too big for an iteration, not for what the PO's pins left of it (that is `noCapacity`);
  // iterations with no capacity at all (an IP sprint) have no room rather than items too big for them.
  const maxCapacity = Math.max(...wholeCapacity);
  const staticReason: (LeftOutReason | null)[] = req.items.map((item, i) => {
    if (!item.ready) return 'notReady';
    if (item.points === null) return 'unestimated';
    if (maxCapacity > 0 && points[i] > maxCapacity + EPS) return 'tooBig';
    // What it waits on is planned after every iteration of this request.
    if (earliest[i] >= iterationCount) return 'blocked';
    return null;
  });

  // Most items have no blockers: they share one empty list rather than each getting arrays of their own.
  const blockers: (readonly number[])[] = new Array<readonly number[]>(n).fill(NO_ITEMS);
  const dependentsOf: (number[] | undefined)[] = new Array<number[] | undefined>(n);
  req.items.forEach((item, i) => {
    const keys = item.blockedBy;
    if (!keys || keys.length === 0) return;
    const list: number[] = [];
    for (const key of keys) {
      const b = index.get(key);
      if (b === undefined) {
        // A blocker outside the request can never be planned with it.
        if (staticReason[i] === null) staticReason[i] = 'blocked';
        continue;
      }
      if (list.includes(b)) continue;
      list.push(b);
      (dependentsOf[b] ??= []).push(i);
    }
    if (list.length > 0) blockers[i] = list;
  });
  const dependents: readonly (readonly number[])[] = Array.from(dependentsOf, (d) => d ?? NO_ITEMS);

  const { order, prefixLength } = topologicalOrder(n, priority, committed, blockers, dependents, staticReason);
  return {
    n, iterationCount, keys, type, typeNames, points, weight, committed, priority, blockers, dependents, earliest,
    borrow: req.borrowUnused ?? true, capacity, slice, staticReason, order, prefixLength,
  };
}

/**
 * Kahn's algorithm over candidates, picking the available item whose "effective priority" (the best
 * priority among itself and everything it transitively unblocks) comes first. Items that never become
 * available sit on or behind a blocker cycle, or behind an item that can never be planned: `blocked`.
 */
function topologicalOrder(
  n: number,
  priority: Int32Array,
  committed: Uint8Array,
  blockers: readonly (readonly number[])[],
  dependents: readonly (readonly number[])[],
  staticReason: (LeftOutReason | null)[],
): { order: number[]; prefixLength: number } {
  // Everything downstream of an item that cannot be planned is blocked: propagate first.
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (staticReason[i] !== null) queue.push(i);
  for (let q = 0; q < queue.length; q++) {
    for (const d of dependents[queue[q]]) {
      if (staticReason[d] === null) {
        staticReason[d] = 'blocked';
        queue.push(d);
      }
    }
  }
  // Plain Kahn on candidates to find the acyclic part and a topological order of it.
  const pending = new Int32Array(n);
  const topo: number[] = [];
  for (let i = 0; i < n; i++) {
    if (staticReason[i] !== null) continue;
    pending[i] = blockers[i].length;
    if (pending[i] === 0) topo.push(i);
  }
  for (let q = 0; q < topo.length; q++) {
    for (const d of dependents[topo[q]]) if (staticReason[d] === null && --pending[d] === 0) topo.push(d);
  }
  const inDag = new Uint8Array(n);
  for (const i of topo) inDag[i] = 1;
  for (let i = 0; i < n; i++) if (staticReason[i] === null && !inDag[i]) staticReason[i] = 'blocked';

  // Effective priority: dependents come after their blockers in `topo`, so walk it backwards.
  const effective = new Int32Array(n);
  for (let q = topo.length - 1; q >= 0; q--) {
    const i = topo[q];
    let e = priority[i];
    for (const d of dependents[i]) if (inDag[d] && effective[d] < e) e = effective[d];
    effective[i] = e;
  }
  const heap = new MinHeap();
  for (const i of topo) {
    pending[i] = blockers[i].length;
    if (pending[i] === 0) heap.push(effective[i] * n + priority[i], i);
  }
  const order: number[] = [];
  while (heap.size > 0) {
    const i = heap.pop();
    order.push(i);
    for (const d of dependents[i]) if (inDag[d] && --pending[d] === 0) heap.push(effective[d] * n + priority[d], d);
  }
  // Committed items come first in priority order, so the prefix is every item whose effective
  // priority is a committed item's.
  let committedCount = 0;
  for (let i = 0; i < n; i++) committedCount += committed[i];
  let prefixLength = 0;
  while (prefixLength < order.length && effective[order[prefixLength]] < committedCount) prefixLength++;
  return { order, prefixLength };
}

class MinHeap {
  private keys: number[] = [];
  private values: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  push(key: number, value: number): void {
    const k = this.keys;
    const v = this.values;
    let i = k.length;
    k.push(key);
    v.push(value);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p] <= key) break;
      k[i] = k[p];
      v[i] = v[p];
      i = p;
    }
    k[i] = key;
    v[i] = value;
  }
  pop(): number {
    const k = this.keys;
    const v = this.values;
    const top = v[0];
    const lastKey = k.pop() as number;
    const lastValue = v.pop() as number;
    if (k.length > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= k.length) break;
        if (c + 1 < k.length && k[c + 1] < k[c]) c++;
        if (k[c] >= lastKey) break;
        k[i] = k[c];
        v[i] = v[c];
        i = c;
      }
      k[i] = lastKey;
      v[i] = lastValue;
    }
    return top;
  }
}

// ---------------------------------------------------------------------------------------------
// Capacity bookkeeping

class Load {
  readonly total: Float64Array;
  readonly byType: Float64Array;
  constructor(private readonly m: Model) {
    this.total = new Float64Array(m.iterationCount);
    this.byType = new Float64Array(m.iterationCount * m.typeNames.length);
  }
  fits(i: number, t: number): boolean {
    return this.fitsDelta(t, this.m.type[i], this.m.points[i]);
  }
  fitsDelta(t: number, type: number, delta: number): boolean {
    const m = this.m;
    if (this.total[t] + delta > m.capacity[t] + EPS) return false;
    if (!m.borrow) {
      const s = t * m.typeNames.length + type;
      if (this.byType[s] + delta > m.slice[s] + EPS) return false;
    }
    return true;
  }
  add(i: number, t: number, sign: 1 | -1): void {
    const m = this.m;
    this.total[t] += sign * m.points[i];
    this.byType[t * m.typeNames.length + m.type[i]] += sign * m.points[i];
  }
}

/** Earliest iteration an item may take given its blockers' placement, or null when a blocker is out. */
function lowerBound(m: Model, assign: Int32Array, i: number): number | null {
  let lb = m.earliest[i];
  for (const b of m.blockers[i]) {
    if (assign[b] === OUT) return null;
    if (assign[b] > lb) lb = assign[b];
  }
  return lb;
}

// ---------------------------------------------------------------------------------------------
// Greedy

/**
 * Each item of `sequence` in turn into the earliest iteration where it fits. A committed item goes no earlier
 * than any placed committed item before it in committed order and no later than any placed one after it
 * (those can already be placed when they block an earlier one), so iterations never decrease along that order.
 */
function greedyAssign(m: Model, sequence: number[], start?: { assign: Int32Array; load: Load }): Int32Array {
  const assign = start ? start.assign : new Int32Array(m.n).fill(OUT);
  const load = start ? start.load : new Load(m);
  const N = m.iterationCount;
  // Per iteration, the first and last committed-order position placed there (priority = committed order).
  const minPriority = new Int32Array(N).fill(m.n);
  const maxPriority = new Int32Array(N).fill(-1);
  for (const i of sequence) {
    let lb = lowerBound(m, assign, i);
    if (lb === null) continue;
    let ub = N - 1;
    if (m.committed[i]) {
      const p = m.priority[i];
      for (let t = 0; t < N; t++) {
        if (minPriority[t] < p && t > lb) lb = t;
        if (maxPriority[t] > p && t < ub) ub = t;
      }
    }
    for (let t = lb; t <= ub; t++) {
      if (load.fits(i, t)) {
        assign[i] = t;
        load.add(i, t, 1);
        if (m.committed[i]) {
          if (m.priority[i] < minPriority[t]) minPriority[t] = m.priority[i];
          if (m.priority[i] > maxPriority[t]) maxPriority[t] = m.priority[i];
        }
        break;
      }
    }
  }
  return assign;
}

function cost(m: Model, assign: Int32Array): number {
  let c = 0;
  for (let i = 0; i < m.n; i++) if (m.weight[i] > 0) c += m.weight[i] * (assign[i] === OUT ? m.iterationCount + 1 : assign[i] + 1);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Borrowing: a slice's own type has first call on it

/**
 * The greedy plan: in order, each item into the earliest iteration where it fits; with borrowing, "fits"
 * means within its own slice, or into room that no type's own eligible items can use (`borrowPass`).
 */
function greedyPlan(m: Model): Int32Array {
  if (!m.borrow) return greedyAssign(m, m.order);
  return borrowPass(m, new Int32Array(m.n).fill(OUT), m.order);
}

/**
 * Per iteration, the first and last committed-order position placed there, so that a committed item's
 * window (the iterations committed order allows it) costs O(N).
 */
class CommittedSpan {
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
function protectionHolds(m: Model, assign: Int32Array, load = loadOf(m, assign), span = new CommittedSpan(m, assign)): boolean {
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
function borrowPass(m: Model, start: Int32Array, sequence: number[]): Int32Array {
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

function loadOf(m: Model, assign: Int32Array): Load {
  const load = new Load(m);
  for (let i = 0; i < m.n; i++) if (assign[i] !== OUT) load.add(i, assign[i], 1);
  return load;
}

/**
 * `optimal` with borrowing. The committed prefix keeps greedy's placement. Small requests: exact branch and
 * bound over every other item (unscored ones too: which owners are planned decides what may be borrowed),
 * each complete plan checked against the protection rule. Otherwise: the no-borrowing optimisation of the
 * rest (within slices the rule holds trivially), then `borrowPass`. Every candidate is checked in full;
 * greedy's plan is the fallback.
 */
function optimiseBorrowing(m: Model, greedy: Int32Array): Int32Array {
  const assign = new Int32Array(m.n).fill(OUT);
  const prefix = m.order.slice(0, m.prefixLength);
  for (const i of prefix) assign[i] = greedy[i];
  const load = loadOf(m, assign);
  const inPrefix = new Uint8Array(m.n);
  for (const i of prefix) inPrefix[i] = 1;
  const rest = m.order
    .slice(m.prefixLength)
    .filter((i) => !m.blockers[i].some((b) => inPrefix[b] && assign[b] === OUT));

  let best = greedy;
  const consider = (candidate: Int32Array): void => {
    if (cost(m, candidate) < cost(m, best) - EPS && protectionHolds(m, candidate)) best = candidate;
  };
  if (rest.length <= EXACT_BORROW_LIMIT) {
    // Every committed item is in the prefix, so what committed order allows is fixed during the search.
    const span = new CommittedSpan(m, assign);
    const accept = (a: Int32Array, l: Load): boolean => protectionHolds(m, a, l, span);
    const exact = branchAndBound(m, assign, load, rest, greedy, EXACT_BORROW_NODE_BUDGET, accept);
    // Adding items never raises the cost; it plans the unscored items the search left out for nothing.
    const filled = borrowPass(m, exact.assign, m.order);
    consider(filled);
    if (exact.proven) return best;
  }
  const own: Model = { ...m, borrow: false };
  const seedLoad = new Load(own);
  for (const i of prefix) if (assign[i] !== OUT) seedLoad.add(i, assign[i], 1);
  const seed = greedyAssign(own, rest, { assign: Int32Array.from(assign), load: seedLoad });
  consider(borrowPass(m, optimise(own, seed), m.order));
  return best;
}

// ---------------------------------------------------------------------------------------------
// Optimal

function optimise(m: Model, greedy: Int32Array): Int32Array {
  // The committed prefix keeps greedy's placement.
  const assign = new Int32Array(m.n).fill(OUT);
  const load = new Load(m);
  const prefix = m.order.slice(0, m.prefixLength);
  for (const i of prefix) {
    if (greedy[i] !== OUT) {
      assign[i] = greedy[i];
      load.add(i, greedy[i], 1);
    }
  }
  const inPrefix = new Uint8Array(m.n);
  for (const i of prefix) inPrefix[i] = 1;
  // An item waiting on a committed-prefix item that did not fit stays blocked.
  const rest = m.order
    .slice(m.prefixLength)
    .filter((i) => !m.blockers[i].some((b) => inPrefix[b] && assign[b] === OUT));
  // Only scored items and what they wait for compete; the rest fills whatever room is left.
  const inSearch = new Uint8Array(m.n);
  for (let q = rest.length - 1; q >= 0; q--) {
    const i = rest[q];
    if (m.weight[i] > 0) inSearch[i] = 1;
    if (inSearch[i]) for (const b of m.blockers[i]) if (assign[b] === OUT) inSearch[b] = 1;
  }
  const search = rest.filter((i) => inSearch[i]);

  let start: Int32Array = Int32Array.from(assign);
  for (const i of search) start[i] = greedy[i];
  let best: Int32Array | null = null;
  if (search.length <= EXACT_LIMIT) {
    const exact = branchAndBound(m, assign, load, search, start);
    if (exact.proven) best = exact.assign;
    else start = exact.assign;
  }
  // Too big to prove, or the node budget ran out: improve the best plan known so far.
  if (best === null) best = localSearch(m, assign, load, search, start);
  // Hole filling: everything not placed yet, in greedy order, into the earliest iteration it fits.
  const finalLoad = new Load(m);
  for (let i = 0; i < m.n; i++) if (best[i] !== OUT) finalLoad.add(i, best[i], 1);
  const leftOver = rest.filter((i) => best[i] === OUT);
  return greedyAssign(m, leftOver, { assign: best, load: finalLoad });
}

/**
 * Exact search over the placement of `search` items (topological order), seeded with the cost of `start`
 * (a feasible plan of the same items). `proven` is false when the node budget ran out first.
 */
function branchAndBound(
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

/**
 * Large requests: the better of the start plan and a greedy pass in cost-of-delay order, then improving
 * moves (an item into an earlier iteration with room) and bumps (a higher-CoD item takes the place of a
 * lower-CoD one, which moves to the earliest later iteration with room or out), while the cost drops and
 * the step budget lasts.
 */
function localSearch(m: Model, base: Int32Array, baseLoad: Load, search: number[], start: Int32Array): Int32Array {
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
    const eligible = remaining.filter((i) => (earliest.get(i) as number) <= t);
    const groups = m.borrow ? [eligible] : m.typeNames.map((_, k) => eligible.filter((i) => m.type[i] === k));
    for (let g = 0; g < groups.length; g++) {
      const items = groups[g];
      if (items.length === 0) continue;
      const room = m.borrow ? m.capacity[t] - load.total[t] : m.slice[t * typeCount + g] - load.byType[t * typeCount + g];
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

function cloneLoad(m: Model, load: Load): Load {
  const copy = new Load(m);
  copy.total.set(load.total);
  copy.byType.set(load.byType);
  return copy;
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

// ---------------------------------------------------------------------------------------------
// Result

function toResult(m: Model, assign: Int32Array, req: FillRequest): FillResult {
  const byPriority = Array.from({ length: m.n }, (_, i) => i).sort((a, b) => m.priority[a] - m.priority[b]);
  const iterations = req.iterations.map((it) => ({
    id: it.id,
    keys: [] as string[],
    points: 0,
    pointsByType: Object.fromEntries(m.typeNames.map((t) => [t, 0])) as Record<string, number>,
  }));
  const leftOut: FillResult['leftOut'] = [];
  for (const i of byPriority) {
    const t = assign[i];
    if (t === OUT) {
      leftOut.push({ key: m.keys[i], reason: m.staticReason[i] ?? (lowerBound(m, assign, i) === null ? 'blocked' : 'noCapacity') });
      continue;
    }
    const it = iterations[t];
    it.keys.push(m.keys[i]);
    it.points += m.points[i];
    it.pointsByType[m.typeNames[m.type[i]]] += m.points[i];
  }
  return { iterations, leftOut, costOfDelay: cost(m, assign) };
}
