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

/** Readiness per iteration: within the split limit of iteration t (when it has one). */
export function readyFor(req: FillRequest, item: PlanItem, t: number): boolean {
  const limit = req.iterations[t].splitLimit;
  return limit === undefined || (item.points ?? 0) <= limit + EPS;
}

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
  /** Items with the iterations they are eligible for and not planned in by then: [first, last] (and readyFor). */
  waiting: { item: PlanItem; first: number; last: number }[];
}

/** Rooms and, per item, where it is eligible (ready, estimated, blockers planned by then) but not yet planned; see readyFor per iteration. */
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
  const waiting: OwnerView['waiting'] = [];
  for (const item of req.items) {
    if (!item.ready || item.points === null) continue;
    const blockers = item.blockedBy ?? [];
    if (blockers.some((b) => !keys.has(b) || at(b) < 0)) continue;
    const first = Math.max(item.earliestIteration ?? 0, ...blockers.map(at));
    const last = at(item.key) < 0 ? N - 1 : at(item.key) - 1;
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
      if (!readyFor(req, item, t)) continue;
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
export function ownersJointlyFit(req: FillRequest, where: Map<string, number>, from = 0, only?: (t: number) => boolean): boolean {
  const { room, free, waiting } = ownerView(req, where);
  return req.iterations.every((_, t) => {
    if (t < from || (only && !only(t))) return true;
    const usable = new Map<string, number>();
    for (const { item, first, last } of waiting) {
      if (t < first || t > last || !readyFor(req, item, t) || (item.points as number) > (room[t].get(item.workType) ?? 0) + EPS) continue;
      usable.set(item.workType, (usable.get(item.workType) ?? 0) + (item.points as number));
    }
    let demand = 0;
    for (const [type, pts] of usable) demand += Math.min(pts, room[t].get(type) ?? 0);
    return demand <= free[t] + EPS;
  });
}

/**
 * No idle room (DOMAIN.md): no iteration has room that an eligible item planned later or left out could
 * take under the slice rules: it fits the room left in total and in its slice; or, with borrowing, moving
 * it there leaves every type room for its own waiting items from there on (`ownersJointlyFit`, checked
 * only when `withBorrowing`, as it is slow on big requests).
 */
export function idleRoom(req: FillRequest, where: Map<string, number>, withBorrowing = true): string[] {
  const borrow = req.borrowUnused ?? true;
  const { room, free, waiting } = ownerView(req, where);
  const dependents = new Set(req.items.flatMap((i) => i.blockedBy ?? []));
  const problems: string[] = [];
  for (const { item, first, last } of waiting) {
    const points = item.points as number;
    for (let t = first; t <= last; t++) {
      if (!readyFor(req, item, t) || points > free[t] + EPS) continue;
      // Within its own slice the room is the item's own (unless what it unblocks would be crowded out);
      // beyond it, only room no owner can use; and the room it leaves must not crowd an owner out there.
      const within = points <= (room[t].get(item.workType) ?? 0) + EPS;
      if (!within && !borrow) continue;
      const unblocks = dependents.has(item.key);
      const from = where.get(item.key) ?? -1;
      const need = (s: number): boolean => (s === t ? !(within && !unblocks) : unblocks ? s > t : s === from);
      const plain = within && !unblocks && from === -1;
      const idle = !borrow || plain || (withBorrowing && ownersJointlyFit(req, new Map(where).set(item.key, t), 0, need));
      if (idle) {
        problems.push(`${item.key} (${where.get(item.key) === -1 ? 'left out' : `in ${req.iterations[where.get(item.key) as number].id}`}) fits the idle room of ${req.iterations[t].id}`);
        break;
      }
    }
  }
  return problems;
}

/**
 * Committed stories and stories other teams need (with whatever blocks them) come before local items of
 * their type: none is planned later than an iteration where it would fit within its slice if that type's
 * local items there made way. (With borrowing, checked for items without blockers: see below.)
 */
export function prefixAfterLocal(req: FillRequest, where: Map<string, number>): string[] {
  const byKey = new Map(req.items.map((i) => [i.key, i]));
  const first = new Set<string>();
  const visit = (key: string): void => {
    if (first.has(key) || !byKey.has(key)) return;
    first.add(key);
    for (const b of byKey.get(key)?.blockedBy ?? []) visit(b);
  };
  for (const i of req.items) if (i.committedOrder != null || i.neededBy != null || i.otherTeam) visit(i.key);
  const { room, free, waiting } = ownerView(req, where);
  const problems: string[] = [];
  const borrow = req.borrowUnused ?? true;
  for (const { item, first: from, last } of waiting) {
    if (item.committedOrder == null && item.neededBy == null && !item.otherTeam) continue;
    // With borrowing, a blocker that must borrow waits for other types' owners first, and the local items
    // of its dependent's type may take the room meanwhile: the rule is kept for items without blockers.
    if (borrow && (item.blockedBy ?? []).length > 0) continue;
    const points = item.points as number;
    for (let t = from; t <= last; t++) {
      if (!readyFor(req, item, t)) continue;
      const local = req.items
        .filter((x) => x.workType === item.workType && !first.has(x.key) && where.get(x.key) === t)
        .reduce((sum, x) => sum + (x.points ?? 0), 0);
      if (local > 0 && points <= (room[t].get(item.workType) ?? 0) + local + EPS && points <= free[t] + local + EPS) {
        problems.push(`${item.key} comes after local ${item.workType} items in ${req.iterations[t].id}, where it fits in their place`);
        break;
      }
    }
  }
  return problems;
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
      if (!readyFor(req, item, t)) fail(`${k} planned in ${it.id} over its split limit ${req.iterations[t].splitLimit}`);
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

  // Blockers: never earlier than a blocker (nor than earliestIteration); a missing or unplanned blocker leaves the item out.
  for (const item of req.items) {
    const t = where.get(item.key) as number;
    if (t === -1) continue;
    if (t < (item.earliestIteration ?? 0)) fail(`${item.key} in iteration ${t} before its earliest ${item.earliestIteration}`);
    for (const b of item.blockedBy ?? []) {
      const tb = where.get(b);
      if (tb === undefined || tb === -1) fail(`${item.key} planned while blocker ${b} is not`);
      else if (tb > t) fail(`${item.key} in iteration ${t} before its blocker ${b} in ${tb}`);
    }
  }

  // Reasons.
  const largestReady = Math.max(...req.iterations.map((it) => it.splitLimit ?? Infinity));
  const wholeSlices = req.iterations.map((it) => sliceCapacity(it.capacity, it.allocation ?? req.allocation));
  for (const { key, reason } of res.leftOut) {
    const item = byKey.get(key) as PlanItem;
    const blockerOut = (item.blockedBy ?? []).some((b) => !byKey.has(b) || where.get(b) === -1);
    const points = item.points as number;
    const expected = !item.ready
      ? 'notReady'
      : item.points === null
        ? 'unestimated'
        : maxCapacity > 0 && points > maxCapacity + EPS
          ? 'tooBig'
          : points > largestReady + EPS
            ? 'notReady'
            : !borrow && maxCapacity > 0 && wholeSlices.every((s) => points > (s[item.workType] ?? 0) + EPS)
              ? 'tooBigForSlice'
              : blockerOut || (item.earliestIteration ?? 0) >= req.iterations.length
                ? 'blocked'
                : 'noCapacity';
    if (reason !== expected) fail(`${key} left out as ${reason}, expected ${expected}`);
  }

  for (const p of idleRoom(req, where, checkMaximal)) fail(p);
  for (const p of prefixAfterLocal(req, where)) fail(p);

  // Stories other teams need, planned after their needed-by or left out, are reported late.
  const late = req.items
    .filter((i) => i.neededBy != null && ((where.get(i.key) as number) === -1 || (where.get(i.key) as number) > (i.neededBy as number)))
    .map((i) => i.key)
    .sort();
  const reported = (res.late ?? []).map((l) => l.key).sort();
  if (late.join() !== reported.join()) fail(`late ${reported.join()} != expected ${late.join()}`);

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

/** Exhaustive minimum of the objective over every plan obeying the hard rules, the borrowing rule and no idle room. */
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
  const where = (): Map<string, number> => new Map(items.map((it, k) => [it.key, assign[k]]));
  const crowdsNoOwner = (): boolean => crowdedOut(req, where()).length === 0;
  const noIdleRoom = (): boolean => idleRoom(req, where()).length === 0;
  const rec = (i: number): void => {
    if (i === n) {
      const c = items.reduce((s, it, k) => s + (it.costOfDelay ?? 0) * (assign[k] === -1 ? N + 1 : assign[k] + 1), 0);
      if (c < best && feasible() && crowdsNoOwner() && noIdleRoom()) best = c;
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
