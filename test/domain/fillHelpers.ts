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
          committed: fc.option(fc.integer({ min: 1, max: 6 }), { freq: 2 }),
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

/** Every violation of a hard rule of issue 2 by `res` for `req`, as readable lines (empty = valid). */
export function fillViolations(req: FillRequest, res: FillResult): string[] {
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
  const maxCapacity = Math.max(...req.iterations.map((i) => i.capacity));
  const slices = req.iterations.map((it) => sliceCapacity(it.capacity, req.allocation));
  const loads = req.iterations.map(() => new Map<string, number>());
  res.iterations.forEach((it, t) => {
    const cap = req.iterations[t].capacity;
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
        : item.points > maxCapacity + EPS
          ? 'tooBig'
          : blockerOut
            ? 'blocked'
            : 'noCapacity';
    if (reason !== expected) fail(`${key} left out as ${reason}, expected ${expected}`);
  }

  // noCapacity is honest: the item fits no iteration it may take.
  const committedPlanned = req.items
    .filter((i) => i.committedOrder != null && where.get(i.key) !== -1)
    .sort((a, b) => (a.committedOrder as number) - (b.committedOrder as number) || a.rank - b.rank || (a.key < b.key ? -1 : 1));
  for (const { key, reason } of res.leftOut) {
    if (reason !== 'noCapacity') continue;
    const item = byKey.get(key) as PlanItem;
    const points = item.points as number;
    let lb = Math.max(0, ...(item.blockedBy ?? []).map((b) => where.get(b) as number));
    let ub = req.iterations.length - 1;
    if (item.committedOrder != null) {
      // It may only go between the committed items planned before and after it in committed order.
      for (const c of committedPlanned) {
        const earlier = (c.committedOrder as number) < item.committedOrder || (c.committedOrder === item.committedOrder && c.rank < item.rank);
        if (earlier) lb = Math.max(lb, where.get(c.key) as number);
        else ub = Math.min(ub, where.get(c.key) as number);
      }
    }
    for (let t = lb; t <= ub; t++) {
      const fitsTotal = res.iterations[t].points + points <= req.iterations[t].capacity + EPS;
      const fitsSlice = borrow || (loads[t].get(item.workType) ?? 0) + points <= slices[t][item.workType] + EPS;
      if (fitsTotal && fitsSlice) fail(`${key} left out for noCapacity but fits ${req.iterations[t].id}`);
    }
  }

  // Committed items: iterations never decrease along committed order.
  for (let q = 1; q < committedPlanned.length; q++) {
    if ((where.get(committedPlanned[q].key) as number) < (where.get(committedPlanned[q - 1].key) as number)) {
      fail(`committed ${committedPlanned[q].key} planned before ${committedPlanned[q - 1].key}`);
    }
  }

  const expectedCost = objective(req, where);
  if (Math.abs(res.costOfDelay - expectedCost) > 1e-6) fail(`costOfDelay ${res.costOfDelay} != ${expectedCost}`);
  return problems;
}

/** Fails the test with every violated rule listed. */
export function expectValidFill(req: FillRequest, res: FillResult): void {
  expect(fillViolations(req, res)).toEqual([]);
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
