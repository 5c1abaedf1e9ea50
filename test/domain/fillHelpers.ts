import fc from 'fast-check';
import { FillRequest, FillResult, PlanItem, fillIterations, sliceCapacity } from '../../src/domain';

export const TYPES = ['feature', 'enabler', 'maintenance'] as const;

/** Whole percents over TYPES summing to 100. */
export const allocationArb = fc
  .tuple(fc.nat(100), fc.nat(100))
  .map(([a, b]) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    return { feature: lo, enabler: hi - lo, maintenance: 100 - hi };
  });

export interface RequestShape {
  maxItems: number;
  minIterations: number;
  maxIterations: number;
  committed: boolean;
  blockers: boolean;
  /** Some iterations already hold pinned points, some have their own (next PI's) allocation. */
  reserved?: boolean;
}

/** Random fill requests: small points, some unready, unestimated, unscored, committed, blocked (incl. missing and cyclic). */
export function requestArb(shape: RequestShape): fc.Arbitrary<FillRequest> {
  return fc
    .record({
      n: fc.integer({ min: 0, max: shape.maxItems }),
      iterations: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: shape.minIterations, maxLength: shape.maxIterations }),
      allocation: allocationArb,
      borrowUnused: fc.boolean(),
      // Points the PO pinned, per iteration and type (most iterations none).
      reserved: fc.array(fc.option(fc.record({ type: fc.constantFrom(...TYPES), points: fc.constantFrom(1, 2, 3, 5, 8, 13) }), { freq: 3 }), {
        minLength: shape.maxIterations,
        maxLength: shape.maxIterations,
      }),
      // Iterations of the next PI, with their own allocation.
      ownAllocations: fc.array(fc.option(allocationArb, { freq: 3 }), { minLength: shape.maxIterations, maxLength: shape.maxIterations }),
      seedItems: fc.array(
        fc.record({
          type: fc.constantFrom(...TYPES),
          points: fc.option(fc.constantFrom(0, 1, 2, 3, 5, 8, 13, 21), { freq: 8 }),
          readyBias: fc.integer({ min: 0, max: 9 }),
          cod: fc.option(fc.integer({ min: 0, max: 30 }), { freq: 5 }),
          committed: fc.option(fc.integer({ min: 1, max: 6 }), { freq: 2 }),
          blockers: fc.array(fc.integer({ min: -1, max: 40 }), { maxLength: 2 }),
          blockerBias: fc.integer({ min: 0, max: 9 }),
        }),
        { minLength: shape.maxItems, maxLength: shape.maxItems },
      ),
    })
    .map(({ n, iterations, allocation, borrowUnused, reserved, ownAllocations, seedItems }) => {
      const items: PlanItem[] = seedItems.slice(0, n).map((s, i) => ({
        key: `T-${i + 1}`,
        workType: s.type,
        points: s.points,
        ready: s.readyBias > 0,
        rank: i,
        costOfDelay: s.cod,
        committedOrder: shape.committed && s.committed !== null && s.readyBias > 3 ? s.committed : null,
        blockedBy:
          shape.blockers && s.blockerBias > 6
            ? s.blockers.map((b) => (b < 0 ? 'OTHER-1' : `T-${(b % Math.max(1, n)) + 1}`))
            : [],
      }));
      return {
        items,
        iterations: iterations.map((capacity, t) => {
          const pin = shape.reserved ? reserved[t] : null;
          const own = shape.reserved ? ownAllocations[t] : null;
          return {
            id: `S${t + 1}`,
            capacity,
            ...(pin ? { reserved: { [pin.type]: pin.points } } : {}),
            ...(own ? { allocation: own } : {}),
          };
        }),
        allocation,
        borrowUnused,
      };
    });
}

/** Where each key went: iteration index (0-based) or -1 for left out. */
export function placement(res: FillResult): Map<string, number> {
  const where = new Map<string, number>();
  res.iterations.forEach((it, t) => it.keys.forEach((k) => where.set(k, t)));
  res.leftOut.forEach((l) => where.set(l.key, -1));
  return where;
}

export function objective(req: FillRequest, where: Map<string, number>): number {
  const n = req.iterations.length;
  return req.items.reduce((s, i) => {
    const t = where.get(i.key) ?? -1;
    return s + (i.costOfDelay ?? 0) * (t === -1 ? n + 1 : t + 1);
  }, 0);
}

const EPS = 1e-9;

/**
 * An iteration's room once its reserved points (the PO's pins) are placed: its capacity less all of them,
 * each type's slice less its own. Worked out here again, independently of the domain's `roomAfterReserved`.
 */
export function roomOf(req: FillRequest, t: number): { capacity: number; slices: Record<string, number> } {
  const it = req.iterations[t];
  const slices = sliceCapacity(it.capacity, it.allocation ?? req.allocation);
  let taken = 0;
  for (const [type, pts] of Object.entries(it.reserved ?? {})) {
    taken += pts;
    slices[type] = Math.max(0, (slices[type] ?? 0) - pts);
  }
  const capacity = Math.max(0, it.capacity - taken);
  // Pins beyond their own slice: what is left is shared by the other types in proportion to their rooms.
  const promised = Object.values(slices).reduce((a, b) => a + b, 0);
  if (promised > capacity) {
    const total = Math.floor(capacity);
    const exact = Object.entries(slices).map(([type, had]) => ({ type, had, x: (total * had) / promised }));
    let spare = total - exact.reduce((a, e) => a + Math.floor(e.x), 0);
    const ranked = [...exact].sort((p, q) => q.x - Math.floor(q.x) - (p.x - Math.floor(p.x)) || q.had - p.had || (p.type < q.type ? -1 : 1));
    const bonus = new Set<string>();
    for (const e of ranked) if (spare > 0 && e.x > Math.floor(e.x)) (bonus.add(e.type), spare--);
    for (const e of exact) slices[e.type] = Math.floor(e.x) + (bonus.has(e.type) ? 1 : 0);
  }
  return { capacity, slices };
}

interface OwnerView {
  /** Per iteration: room left in each type's slice, and in total. */
  room: Map<string, number>[];
  free: number[];
  /** Items with the iterations they are eligible for and not planned in by then: [first, last]. */
  waiting: { item: PlanItem; first: number; last: number }[];
}

/** Rooms and, per item, where it is eligible (ready, estimated, blockers planned by then, committed order) but not yet planned. */
function ownerView(req: FillRequest, where: Map<string, number>): OwnerView {
  const N = req.iterations.length;
  const slices = req.iterations.map((_, t) => roomOf(req, t).slices);
  const at = (key: string): number => where.get(key) ?? -1;
  const free = req.iterations.map((_, t) => roomOf(req, t).capacity);
  const room = slices.map((s) => new Map(Object.entries(s)));
  for (const item of req.items) {
    const t = at(item.key);
    if (t < 0) continue;
    free[t] -= item.points ?? 0;
    room[t].set(item.workType, (room[t].get(item.workType) ?? 0) - (item.points ?? 0));
  }
  const keys = new Set(req.items.map((i) => i.key));
  const committedPlanned = req.items.filter((i) => i.committedOrder != null && at(i.key) >= 0);
  const waiting: OwnerView['waiting'] = [];
  for (const item of req.items) {
    if (!item.ready || item.points === null) continue;
    const blockers = item.blockedBy ?? [];
    if (blockers.some((b) => !keys.has(b) || at(b) < 0)) continue;
    let first = Math.max(0, ...blockers.map(at));
    let last = at(item.key) < 0 ? N - 1 : at(item.key) - 1;
    if (item.committedOrder != null) {
      for (const c of committedPlanned) {
        if (c.key === item.key) continue;
        if (committedBefore(c, item)) first = Math.max(first, at(c.key));
        else last = Math.min(last, at(c.key));
      }
    }
    if (first <= last) waiting.push({ item, first, last });
  }
  return { room, free, waiting };
}

/**
 * The borrowing rule, checked on a placement (`where`: key -> iteration, -1 or absent = out): for every
 * iteration t and item x of type u eligible for t (ready, estimated, every blocker planned in t or earlier,
 * committed order allowing t) but not planned in t or earlier, if x fits the room left in u's slice in t it
 * also fits the room left in t. One line per crowded-out item and iteration; always empty without borrowing.
 */
export function crowdedOut(req: FillRequest, where: Map<string, number>): string[] {
  if (!(req.borrowUnused ?? true)) return [];
  const { room, free, waiting } = ownerView(req, where);
  const problems: string[] = [];
  for (const { item, first, last } of waiting) {
    for (let t = first; t <= last; t++) {
      const own = room[t].get(item.workType) ?? 0;
      if ((item.points as number) <= own + EPS && (item.points as number) > free[t] + EPS) {
        problems.push(`${item.key} crowded out of its own slice in ${req.iterations[t].id}: fits ${own} left of its slice, only ${free[t]} left in the iteration`);
      }
    }
  }
  return problems;
}

/**
 * The joint form the fill keeps: in every iteration the room left covers, for every type, what its waiting
 * items can use of its slice (the least of the room left in the slice and their points that fit it).
 */
export function ownersJointlyFit(req: FillRequest, where: Map<string, number>): boolean {
  const { room, free, waiting } = ownerView(req, where);
  return req.iterations.every((_, t) => {
    const usable = new Map<string, number>();
    for (const { item, first, last } of waiting) {
      if (t < first || t > last || (item.points as number) > (room[t].get(item.workType) ?? 0) + EPS) continue;
      usable.set(item.workType, (usable.get(item.workType) ?? 0) + (item.points as number));
    }
    let demand = 0;
    for (const [type, pts] of usable) demand += Math.min(pts, room[t].get(type) ?? 0);
    return demand <= free[t] + EPS;
  });
}

/** Committed order between two committed items (ties by rank, then key, as the priority order). */
function committedBefore(a: PlanItem, b: PlanItem): boolean {
  const ca = a.committedOrder as number;
  const cb = b.committedOrder as number;
  if (ca !== cb) return ca < cb;
  if (a.rank !== b.rank) return a.rank < b.rank;
  return a.key < b.key;
}

/** Every violation of a hard rule of issue 2 by `res` for `req`, as readable lines (empty = valid). */
export function fillViolations(req: FillRequest, res: FillResult): string[] {
  // Re-checking every left-out item against every iteration is quadratic: skipped on huge requests.
  const checkMaximal = req.items.length <= 500;
  const problems: string[] = [];
  const fail = (msg: string) => problems.push(msg);
  const byKey = new Map(req.items.map((i) => [i.key, i]));
  const where = placement(res);
  const seen = [...res.iterations.flatMap((it) => it.keys), ...res.leftOut.map((l) => l.key)];
  // Every item exactly once.
  if (seen.length !== req.items.length || new Set(seen).size !== req.items.length) fail(`items not exactly once: ${seen.length} vs ${req.items.length}`);
  for (const k of seen) if (!byKey.has(k)) fail(`unknown key ${k}`);
  if (res.iterations.map((i) => i.id).join() !== req.iterations.map((i) => i.id).join()) fail('iteration ids differ');

  const borrow = req.borrowUnused ?? true;
  // Too big is against the whole iteration; what pins leave of it is the room below.
  const maxCapacity = Math.max(...req.iterations.map((i) => i.capacity));
  const slices = req.iterations.map((_, t) => roomOf(req, t).slices);
  const loads = req.iterations.map(() => new Map<string, number>());
  res.iterations.forEach((it, t) => {
    const cap = roomOf(req, t).capacity;
    let sum = 0;
    for (const k of it.keys) {
      const item = byKey.get(k) as PlanItem;
      if (!item.ready) fail(`${k} planned but not ready`);
      if (item.points === null) fail(`${k} planned but unestimated`);
      sum += item.points ?? 0;
      loads[t].set(item.workType, (loads[t].get(item.workType) ?? 0) + (item.points ?? 0));
    }
    if (Math.abs(it.points - sum) > 1e-6) fail(`${it.id} points ${it.points} != ${sum}`);
    if (sum > cap + EPS) fail(`${it.id} over capacity: ${sum} > ${cap}`);
    for (const [type, pts] of loads[t]) {
      if (Math.abs(it.pointsByType[type] - pts) > 1e-6) fail(`${it.id} pointsByType.${type} wrong`);
      if (!borrow && pts > slices[t][type] + EPS) fail(`${it.id} ${type} over its slice: ${pts} > ${slices[t][type]}`);
    }
  });

  // Blockers: never earlier than a blocker; a missing or unplanned blocker leaves the item out.
  for (const item of req.items) {
    const t = where.get(item.key) as number;
    if (t === -1) continue;
    for (const b of item.blockedBy ?? []) {
      const tb = where.get(b);
      if (tb === undefined || tb === -1) fail(`${item.key} planned while blocker ${b} is not`);
      else if (tb > t) fail(`${item.key} in iteration ${t} before its blocker ${b} in ${tb}`);
    }
  }

  // Reasons.
  for (const { key, reason } of res.leftOut) {
    const item = byKey.get(key) as PlanItem;
    const blockerOut = (item.blockedBy ?? []).some((b) => !byKey.has(b) || where.get(b) === -1);
    const expected = !item.ready
      ? 'notReady'
      : item.points === null
        ? 'unestimated'
        : maxCapacity > 0 && item.points > maxCapacity + EPS
          ? 'tooBig'
          : blockerOut
            ? 'blocked'
            : 'noCapacity';
    if (reason !== expected) fail(`${key} left out as ${reason}, expected ${expected}`);
  }

  // noCapacity is honest: the item fits no iteration it may take.
  const committedPlanned = req.items
    .filter((i) => i.committedOrder != null && where.get(i.key) !== -1)
    .sort((a, b) => (committedBefore(a, b) ? -1 : 1));
  for (const { key, reason } of res.leftOut) {
    if (reason !== 'noCapacity') continue;
    const item = byKey.get(key) as PlanItem;
    const points = item.points as number;
    let lb = Math.max(0, ...(item.blockedBy ?? []).map((b) => where.get(b) as number));
    let ub = req.iterations.length - 1;
    if (item.committedOrder != null) {
      // It may only go between the committed items planned before and after it in committed order.
      for (const c of committedPlanned) {
        if (committedBefore(c, item)) lb = Math.max(lb, where.get(c.key) as number);
        else ub = Math.min(ub, where.get(c.key) as number);
      }
    }
    for (let t = lb; t <= ub; t++) {
      const fitsTotal = res.iterations[t].points + points <= roomOf(req, t).capacity + EPS;
      if (!fitsTotal) continue;
      if (!borrow) {
        if ((loads[t].get(item.workType) ?? 0) + points <= slices[t][item.workType] + EPS) fail(`${key} left out for noCapacity but fits ${req.iterations[t].id}`);
      } else if (checkMaximal && ownersJointlyFit(req, new Map(where).set(key, t))) {
        // With borrowing, room in total may still be reserved for other types' waiting items: only a fit
        // that leaves every type room for them is a missed fit.
        fail(`${key} left out for noCapacity but fits ${req.iterations[t].id} without crowding out an owner`);
      }
    }
  }

  // Committed items: iterations never decrease along committed order.
  for (let q = 1; q < committedPlanned.length; q++) {
    if ((where.get(committedPlanned[q].key) as number) < (where.get(committedPlanned[q - 1].key) as number)) {
      fail(`committed ${committedPlanned[q].key} planned before ${committedPlanned[q - 1].key}`);
    }
  }

  for (const p of crowdedOut(req, where)) fail(p);

  const expectedCost = objective(req, where);
  if (Math.abs(res.costOfDelay - expectedCost) > 1e-6) fail(`costOfDelay ${res.costOfDelay} != ${expectedCost}`);
  return problems;
}

/** Fails the test with every violated rule listed. */
export function expectValidFill(req: FillRequest, res: FillResult): void {
  expect(fillViolations(req, res)).toEqual([]);
}

/** Both modes keep every rule, and optimal is never worse than greedy. */
export function expectBothModesValid(req: FillRequest): void {
  const greedy = fillIterations({ ...req, mode: 'greedy' });
  const optimal = fillIterations({ ...req, mode: 'optimal' });
  expectValidFill(req, greedy);
  expectValidFill(req, optimal);
  expect(optimal.costOfDelay).toBeLessThanOrEqual(greedy.costOfDelay + 1e-9);
}

/** Exhaustive minimum of the objective over every plan obeying the hard rules and the borrowing rule. */
export function bruteForceOptimum(req: FillRequest): number {
  const items = req.items;
  const n = items.length;
  const N = req.iterations.length;
  const borrow = req.borrowUnused ?? true;
  const slices = req.iterations.map((_, t) => roomOf(req, t).slices);
  const index = new Map(items.map((it, i) => [it.key, i]));
  const assign = new Array<number>(n).fill(-1);
  // Plannable: ready, estimated, and every blocker in the request and plannable (so cycles never are).
  const plannable = new Array<boolean>(n).fill(false);
  for (let changed = true; changed; ) {
    changed = false;
    items.forEach((it, i) => {
      if (plannable[i] || !it.ready || it.points === null) return;
      const ok = (it.blockedBy ?? []).every((b) => index.has(b) && plannable[index.get(b) as number]);
      if (ok) plannable[i] = changed = true;
    });
  }
  let best = Infinity;
  const feasible = (): boolean => {
    for (let t = 0; t < N; t++) {
      let total = 0;
      const byType = new Map<string, number>();
      items.forEach((it, i) => {
        if (assign[i] !== t) return;
        total += it.points as number;
        byType.set(it.workType, (byType.get(it.workType) ?? 0) + (it.points as number));
      });
      if (total > roomOf(req, t).capacity + EPS) return false;
      if (!borrow) for (const [type, pts] of byType) if (pts > slices[t][type] + EPS) return false;
    }
    for (let i = 0; i < n; i++) {
      if (assign[i] === -1) continue;
      for (const b of items[i].blockedBy ?? []) {
        const j = index.get(b);
        if (j === undefined || assign[j] === -1 || assign[j] > assign[i]) return false;
      }
    }
    return true;
  };
  const crowdsNoOwner = (): boolean => crowdedOut(req, new Map(items.map((it, k) => [it.key, assign[k]]))).length === 0;
  const rec = (i: number): void => {
    if (i === n) {
      const c = items.reduce((s, it, k) => s + (it.costOfDelay ?? 0) * (assign[k] === -1 ? N + 1 : assign[k] + 1), 0);
      if (c < best && feasible() && crowdsNoOwner()) best = c;
      return;
    }
    assign[i] = -1;
    rec(i + 1);
    if (!plannable[i]) return;
    for (let t = 0; t < N; t++) {
      assign[i] = t;
      rec(i + 1);
    }
    assign[i] = -1;
  };
  rec(0);
  return best;
}
