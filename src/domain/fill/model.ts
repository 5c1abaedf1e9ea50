/*
 * Model phase: validation, static reasons, the blocker graph and the topological priority order, plus the
 * capacity bookkeeping every later phase shares.
 */
import { giveShare, roomAfterReserved, sliceCapacity, validateAllocation } from '../allocation';
import { DomainError, isNonNegativeNumber, ref, requireFinite, requireNonNegative } from '../errors';
import { comparePriority } from '../wsjf';
import { FillRequest, LeftOutReason } from './types';
import { MinHeap } from './heap';

export const EPS = 1e-9;
export const OUT = -1;

export interface Model {
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
  /** PlanItem.neededBy, -1 = none. */
  neededBy: Int32Array;
  /** Per iteration, the largest item ready for it (its split limit; Infinity = none). */
  maxPoints: Float64Array;
  borrow: boolean;
  capacity: Float64Array;
  /** slice[t * typeCount + type] */
  slice: Float64Array;
  /** Static or structural reason an item can never be planned, else null. */
  staticReason: (LeftOutReason | null)[];
  /** Candidates in topological order, each after its blockers, blockers pulled to what they unblock. */
  order: number[];
  /**
   * Number of leading `order` entries that are committed items, stories other teams need, or (transitive)
   * blockers of one: placed first, identically in both modes.
   */
  prefixLength: number;
}

/** "{field} of {key}" by key: a number of an item, named as the panel names the field. */
const ofItem = (field: string, key: string) => ref('domain.fieldOfIssue', { field: ref(field), key });

/** The shared empty blocker/dependent list; readonly by type, not frozen (a frozen array made the fill's loops ~35% slower). */
const NO_ITEMS: readonly number[] = [];

export function buildModel(req: FillRequest): Model {
  if (!req || !Array.isArray(req.items) || !Array.isArray(req.iterations)) {
    throw new DomainError('invalidRequest', 'A fill request needs a list of items and a list of iterations', ref('domain.invariant.fillRequestLists'));
  }
  if (req.mode !== undefined && req.mode !== 'greedy' && req.mode !== 'optimal') {
    throw new DomainError('invalidRequest', `Unknown fill mode "${String(req.mode)}": use "greedy" or "optimal"`, ref('domain.invariant.fillMode', { mode: String(req.mode) }));
  }
  validateAllocation(req.allocation);
  if (req.iterations.length === 0) {
    throw new DomainError('invalidRequest', 'There is no iteration to plan: choose at least one upcoming sprint', ref('domain.fill.noIteration'));
  }
  const typeNames = Object.keys(req.allocation);
  const nameOf = (id: string): string => req.workTypeNames?.[id] ?? id;
  const typeIndex = new Map(typeNames.map((t, i) => [t, i]));
  const iterationCount = req.iterations.length;
  const capacity = new Float64Array(iterationCount);
  const wholeCapacity = new Float64Array(iterationCount);
  const slice = new Float64Array(iterationCount * typeNames.length);
  const wholeSlice = new Float64Array(iterationCount * typeNames.length);
  const maxPoints = new Float64Array(iterationCount).fill(Infinity);
  const iterationIds = new Set<string>();
  req.iterations.forEach((it, t) => {
    if (typeof it.id !== 'string' || it.id === '') {
      throw new DomainError('invalidRequest', `Iteration #${t + 1} has no id`, ref('domain.invariant.iterationNoId', { n: t + 1 }));
    }
    if (iterationIds.has(it.id)) throw new DomainError('duplicateKey', `Iteration "${it.id}" appears twice in the plan`, ref('domain.invariant.iterationTwice', { id: it.id }));
    iterationIds.add(it.id);
    if (!isNonNegativeNumber(it.capacity)) requireNonNegative(it.capacity, `Capacity of iteration "${it.id}"`, 'invalidCapacity', ref('domain.what.iterationCapacityOf', { id: it.id }));
    wholeCapacity[t] = it.capacity;
    if (it.allocation !== undefined) {
      validateAllocation(it.allocation);
      const own = Object.keys(it.allocation);
      if (own.length !== typeNames.length || own.some((name) => !typeIndex.has(name))) {
        throw new DomainError('invalidAllocation', `Iteration "${it.id}" has an allocation over other work types than the plan's: give every PI the same work types`, ref('domain.fill.otherWorkTypes', { id: it.id }));
      }
    }
    if (it.splitLimit !== undefined) {
      if (!isNonNegativeNumber(it.splitLimit)) requireNonNegative(it.splitLimit, `Split limit of iteration "${it.id}"`, 'invalidNumber', ref('domain.what.splitLimitOf', { id: it.id }));
      maxPoints[t] = it.splitLimit;
    }
    const whole = sliceCapacity(it.capacity, it.allocation ?? req.allocation);
    typeNames.forEach((name, k) => (wholeSlice[t * typeNames.length + k] = whole[name]));
    const room = roomAfterReserved(it.capacity, it.allocation ?? req.allocation, it.reserved, nameOf);
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
  const neededBy = new Int32Array(n).fill(-1);
  req.items.forEach((item, i) => {
    if (!item || typeof item.key !== 'string' || item.key === '') {
      throw new DomainError('invalidRequest', `Item #${i + 1} has no key`, ref('domain.invariant.itemNoKey', { n: i + 1 }));
    }
    if (index.has(item.key)) throw new DomainError('duplicateKey', `${item.key} appears twice in the backlog to plan`, ref('domain.invariant.itemTwice', { key: item.key }));
    index.set(item.key, i);
    keys.push(item.key);
    const k = typeIndex.get(item.workType);
    if (k === undefined) {
      throw new DomainError(
        'unknownWorkType',
        `${item.key} is ${nameOf(String(item.workType))} work, which has no share in the allocation: ${giveShare(nameOf(String(item.workType)))}`,
        ref('domain.fill.itemNoShare', { key: item.key, type: nameOf(String(item.workType)) }),
      );
    }
    type[i] = k;
    // Messages are built only for a bad number (a string per check and item added up at 50k items).
    if (item.points !== null && !isNonNegativeNumber(item.points)) requireNonNegative(item.points, `Story points of ${item.key}`, 'invalidNumber', ofItem('settings.role.storyPoints', item.key));
    points[i] = item.points ?? 0;
    if (item.costOfDelay != null) {
      if (!isNonNegativeNumber(item.costOfDelay)) requireNonNegative(item.costOfDelay, `Cost of delay of ${item.key}`, 'invalidNumber', ofItem('domain.what.costOfDelay', item.key));
      weight[i] = item.costOfDelay;
    }
    if (!Number.isFinite(item.rank)) requireFinite(item.rank, `Rank of ${item.key}`, 'invalidNumber', ofItem('domain.what.rank', item.key));
    if (item.jobSize != null && !isNonNegativeNumber(item.jobSize)) requireNonNegative(item.jobSize, `Job size of ${item.key}`, 'invalidNumber', ofItem('panel.wsjf.size.long', item.key));
    if (item.earliestIteration !== undefined) {
      if (!Number.isInteger(item.earliestIteration) || item.earliestIteration < 0) {
        throw new DomainError('invalidRequest', `The earliest iteration of ${item.key} must be a whole number from 0`, ref('domain.invariant.earliestIteration', { key: item.key }));
      }
      earliest[i] = item.earliestIteration;
    }
    if (item.neededBy != null) {
      if (!Number.isInteger(item.neededBy) || item.neededBy < 0) {
        throw new DomainError('invalidRequest', `The needed-by iteration of ${item.key} must be a whole number from 0`, ref('domain.invariant.neededByIteration', { key: item.key }));
      }
      neededBy[i] = item.neededBy;
    }
    if (item.committedOrder != null) {
      if (!Number.isFinite(item.committedOrder)) requireFinite(item.committedOrder, `Committed order of ${item.key}`, 'invalidNumber', ofItem('domain.what.committedOrder', item.key));
      committed[i] = 1;
    }
    if (typeof item.ready !== 'boolean') {
      throw new DomainError('invalidRequest', `${item.key} does not say whether it is ready`, ref('domain.invariant.readyMissing', { key: item.key }));
    }
    if (item.blockedBy !== undefined && !Array.isArray(item.blockedBy)) {
      throw new DomainError('invalidRequest', `The blockers of ${item.key} must be a list of issue keys`, ref('domain.invariant.blockersNotList', { key: item.key }));
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
      neededBy: item.neededBy,
      otherTeam: item.otherTeam,
    }))
    .sort(comparePriority);
  const priority = new Int32Array(n);
  sorted.forEach((s, p) => (priority[s.i] = p));

  // Too big means too big for an iteration, not for what the PO's pins left of it (that is `noCapacity`);
  // iterations with no capacity at all (an IP sprint) have no room rather than items too big for them.
  const maxCapacity = Math.max(...wholeCapacity);
  const largestReady = Math.max(...maxPoints);
  const borrow = req.borrowUnused ?? true;
  const typeCount = typeNames.length;
  const staticReason: (LeftOutReason | null)[] = req.items.map((item, i) => {
    if (!item.ready) return 'notReady';
    if (item.points === null) return 'unestimated';
    if (maxCapacity > 0 && points[i] > maxCapacity + EPS) return 'tooBig';
    // Ready by the split limit of no iteration (readiness is per iteration: DOMAIN.md).
    if (points[i] > largestReady + EPS) return 'notReady';
    if (!borrow && maxCapacity > 0) {
      let fitsSomeSlice = false;
      for (let t = 0; t < iterationCount && !fitsSomeSlice; t++) fitsSomeSlice = points[i] <= wholeSlice[t * typeCount + type[i]] + EPS;
      if (!fitsSomeSlice) return 'tooBigForSlice';
    }
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

  let firstCount = 0;
  for (let i = 0; i < n; i++) if (committed[i] || neededBy[i] >= 0 || req.items[i].otherTeam === true) firstCount++;
  const { order, prefixLength } = topologicalOrder(n, priority, firstCount, blockers, dependents, staticReason);
  return {
    n, iterationCount, keys, type, typeNames, points, weight, committed, priority, blockers, dependents, earliest,
    neededBy, maxPoints, borrow, capacity, slice, staticReason, order, prefixLength,
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
  /** Committed items and stories other teams need come first in priority order: this many. */
  firstCount: number,
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
  // Committed items and stories other teams need come first in priority order, so the prefix is every
  // item whose effective priority is one of theirs.
  let prefixLength = 0;
  while (prefixLength < order.length && effective[order[prefixLength]] < firstCount) prefixLength++;
  return { order, prefixLength };
}


export class Load {
  readonly total: Float64Array;
  readonly byType: Float64Array;
  constructor(private readonly m: Model) {
    this.total = new Float64Array(m.iterationCount);
    this.byType = new Float64Array(m.iterationCount * m.typeNames.length);
  }
  fits(i: number, t: number): boolean {
    return readyFor(this.m, i, t) && this.fitsDelta(t, this.m.type[i], this.m.points[i]);
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
export function lowerBound(m: Model, assign: Int32Array, i: number): number | null {
  let lb = m.earliest[i];
  for (const b of m.blockers[i]) {
    if (assign[b] === OUT) return null;
    if (assign[b] > lb) lb = assign[b];
  }
  return lb;
}


export function cost(m: Model, assign: Int32Array): number {
  let c = 0;
  for (let i = 0; i < m.n; i++) if (m.weight[i] > 0) c += m.weight[i] * (assign[i] === OUT ? m.iterationCount + 1 : assign[i] + 1);
  return c;
}


export function loadOf(m: Model, assign: Int32Array): Load {
  const load = new Load(m);
  for (let i = 0; i < m.n; i++) if (assign[i] !== OUT) load.add(i, assign[i], 1);
  return load;
}


export function cloneLoad(m: Model, load: Load): Load {
  const copy = new Load(m);
  copy.total.set(load.total);
  copy.byType.set(load.byType);
  return copy;
}


/** Item i is ready for iteration t: within that iteration's split limit (readiness per iteration). */
export function readyFor(m: Model, i: number, t: number): boolean {
  return m.points[i] <= m.maxPoints[t] + EPS;
}
