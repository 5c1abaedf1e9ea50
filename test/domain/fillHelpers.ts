import fc from 'fast-check';
import { FillRequest, FillResult, PlanItem, sliceCapacity } from '../../src/domain';

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
}

/** Random fill requests: small points, some unready, unestimated, unscored, committed, blocked (incl. missing and cyclic). */
export function requestArb(shape: RequestShape): fc.Arbitrary<FillRequest> {
  return fc
    .record({
      n: fc.integer({ min: 0, max: shape.maxItems }),
      iterations: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: shape.minIterations, maxLength: shape.maxIterations }),
      allocation: allocationArb,
      borrowUnused: fc.boolean(),
      seedItems: fc.array(
        fc.record({
          type: fc.constantFrom(...TYPES),
          points: fc.option(fc.constantFrom(0, 1, 2, 3, 5, 8, 13, 21), { freq: 8 }),
          readyBias: fc.integer({ min: 0, max: 9 }),
          cod: fc.option(fc.integer({ min: 0, max: 30 }), { freq: 5 }),
          committed: fc.option(fc.integer({ min: 1, max: 6 }), { freq: 1 }),
          blockers: fc.array(fc.integer({ min: -1, max: 40 }), { maxLength: 2 }),
          blockerBias: fc.integer({ min: 0, max: 9 }),
        }),
        { minLength: shape.maxItems, maxLength: shape.maxItems },
      ),
    })
    .map(({ n, iterations, allocation, borrowUnused, seedItems }) => {
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
        iterations: iterations.map((capacity, t) => ({ id: `S${t + 1}`, capacity })),
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

/** Throws (via expect) unless `res` obeys every hard rule of issue 2 for `req`. */
export function expectValidFill(req: FillRequest, res: FillResult): void {
  const byKey = new Map(req.items.map((i) => [i.key, i]));
  const where = placement(res);
  const seen = [...res.iterations.flatMap((it) => it.keys), ...res.leftOut.map((l) => l.key)];
  // Every item exactly once.
  expect(seen.length).toBe(req.items.length);
  expect(new Set(seen).size).toBe(req.items.length);
  for (const k of seen) expect(byKey.has(k)).toBe(true);
  expect(res.iterations.map((i) => i.id)).toEqual(req.iterations.map((i) => i.id));

  const borrow = req.borrowUnused ?? true;
  const maxCapacity = Math.max(...req.iterations.map((i) => i.capacity));
  const loads = req.iterations.map(() => new Map<string, number>());
  res.iterations.forEach((it, t) => {
    const cap = req.iterations[t].capacity;
    let sum = 0;
    for (const k of it.keys) {
      const item = byKey.get(k) as PlanItem;
      expect(item.ready).toBe(true);
      expect(item.points).not.toBeNull();
      sum += item.points as number;
      loads[t].set(item.workType, (loads[t].get(item.workType) ?? 0) + (item.points as number));
    }
    expect(it.points).toBeCloseTo(sum, 9);
    expect(sum).toBeLessThanOrEqual(cap + EPS);
    for (const [type, pts] of loads[t]) expect(it.pointsByType[type]).toBeCloseTo(pts, 9);
    if (!borrow) {
      const slices = sliceCapacity(cap, req.allocation);
      for (const [type, pts] of loads[t]) expect(pts).toBeLessThanOrEqual(slices[type] + EPS);
    }
  });

  // Blockers: never earlier than a blocker; a missing or unplanned blocker leaves the item out.
  for (const item of req.items) {
    const t = where.get(item.key) as number;
    for (const b of item.blockedBy ?? []) {
      if (t === -1) continue;
      expect(byKey.has(b)).toBe(true);
      const tb = where.get(b) as number;
      expect(tb).not.toBe(-1);
      expect(tb).toBeLessThanOrEqual(t);
    }
  }

  // Reasons.
  for (const { key, reason } of res.leftOut) {
    const item = byKey.get(key) as PlanItem;
    if (!item.ready) expect(reason).toBe('notReady');
    else if (item.points === null) expect(reason).toBe('unestimated');
    else if (item.points > maxCapacity + EPS) expect(reason).toBe('tooBig');
    else if (reason === 'blocked') {
      expect((item.blockedBy ?? []).some((b) => !byKey.has(b) || where.get(b) === -1)).toBe(true);
    } else {
      expect(reason).toBe('noCapacity');
      expect((item.blockedBy ?? []).every((b) => byKey.has(b) && where.get(b) !== -1)).toBe(true);
    }
  }
  // noCapacity is honest: the item fits no iteration it may take.
  const committedPlanned = req.items
    .filter((i) => i.committedOrder != null && where.get(i.key) !== -1)
    .sort((a, b) => (a.committedOrder as number) - (b.committedOrder as number) || a.rank - b.rank || (a.key < b.key ? -1 : 1));
  for (const { key, reason } of res.leftOut) {
    if (reason !== 'noCapacity') continue;
    const item = byKey.get(key) as PlanItem;
    let lb = Math.max(0, ...(item.blockedBy ?? []).map((b) => where.get(b) as number));
    if (item.committedOrder != null) {
      const before = committedPlanned.filter(
        (c) => (c.committedOrder as number) < (item.committedOrder as number) || (c.committedOrder === item.committedOrder && c.rank < item.rank),
      );
      lb = Math.max(lb, ...before.map((c) => where.get(c.key) as number));
    }
    for (let t = lb; t < req.iterations.length; t++) {
      const cap = req.iterations[t].capacity;
      const total = res.iterations[t].points;
      const fitsTotal = total + (item.points as number) <= cap + EPS;
      const fitsSlice =
        borrow || (loads[t].get(item.workType) ?? 0) + (item.points as number) <= sliceCapacity(cap, req.allocation)[item.workType] + EPS;
      expect(fitsTotal && fitsSlice).toBe(false);
    }
  }

  // Committed items: iterations never decrease along committed order.
  for (let q = 1; q < committedPlanned.length; q++) {
    expect(where.get(committedPlanned[q].key) as number).toBeGreaterThanOrEqual(where.get(committedPlanned[q - 1].key) as number);
  }

  expect(res.costOfDelay).toBeCloseTo(objective(req, where), 6);
}

/** Exhaustive minimum of the objective over every plan obeying the hard rules (no committed items). */
export function bruteForceOptimum(req: FillRequest): number {
  const items = req.items;
  const n = items.length;
  const N = req.iterations.length;
  const borrow = req.borrowUnused ?? true;
  const slices = req.iterations.map((it) => sliceCapacity(it.capacity, req.allocation));
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
      if (total > req.iterations[t].capacity + EPS) return false;
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
  const rec = (i: number): void => {
    if (i === n) {
      if (feasible()) {
        const c = items.reduce((s, it, k) => s + (it.costOfDelay ?? 0) * (assign[k] === -1 ? N + 1 : assign[k] + 1), 0);
        if (c < best) best = c;
      }
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
