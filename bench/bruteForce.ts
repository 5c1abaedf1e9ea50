/**
 * The exact minimum of docs/domain.md's objective (sum of CoD x finishing iteration, N+1 when left out) by trying
 * every assignment. Committed stories and their blockers are placed first, identically in both modes (the
 * fill's rule: `optimal` never trades a committed story away), so they are held where the fill put them and
 * every other item is searched exhaustively. Only for small requests: (iterations + 1) ^ items leaves.
 *
 * With borrowing, a type's own slice stays its own: a plan may not leave out (or plan later) an item that
 * still fits the unused part of its type's slice in an earlier iteration it may take, only because other
 * types borrowed that room (the domain's borrowing rule, as `crowdedOut` in test/domain/fillHelpers.ts
 * states it; written again here so the two checks stay independent).
 */
import { sliceCapacity, type FillRequest, type FillResult } from '../src/domain';

const EPS = 1e-9;

/** Iteration index (0-based) of each key in a fill result; -1 when left out. */
export function placementOf(result: FillResult): Map<string, number> {
  const where = new Map<string, number>();
  result.iterations.forEach((it, t) => it.keys.forEach((k) => where.set(k, t)));
  result.leftOut.forEach((l) => where.set(l.key, -1));
  return where;
}

/** Committed items and everything they (transitively) wait on. */
function committedClosure(req: FillRequest): Set<string> {
  const byKey = new Map(req.items.map((i) => [i.key, i]));
  const closure = new Set<string>();
  const stack = req.items.filter((i) => i.committedOrder != null).map((i) => i.key);
  while (stack.length > 0) {
    const key = stack.pop() as string;
    if (closure.has(key)) continue;
    closure.add(key);
    for (const b of byKey.get(key)?.blockedBy ?? []) if (byKey.has(b)) stack.push(b);
  }
  return closure;
}

export function exactOptimum(req: FillRequest, fillPlacement: ReadonlyMap<string, number>): number {
  const items = req.items;
  const n = items.length;
  const N = req.iterations.length;
  const borrow = req.borrowUnused ?? true;
  const types = Object.keys(req.allocation);
  const slices = req.iterations.map((it) => sliceCapacity(it.capacity, req.allocation));
  const index = new Map(items.map((it, i) => [it.key, i]));
  const maxCapacity = Math.max(...req.iterations.map((it) => it.capacity));

  // Plannable: ready, estimated, fits some iteration, every blocker in the request and plannable (so never a cycle).
  const plannable = new Array<boolean>(n).fill(false);
  for (let changed = true; changed; ) {
    changed = false;
    items.forEach((it, i) => {
      if (plannable[i] || !it.ready || it.points === null || it.points > maxCapacity + EPS) return;
      if ((it.blockedBy ?? []).every((b) => index.has(b) && plannable[index.get(b) as number])) plannable[i] = changed = true;
    });
  }

  const assign = new Array<number>(n).fill(-1);
  const total = new Array<number>(N).fill(0);
  const byType = req.iterations.map(() => new Map<string, number>(types.map((t) => [t, 0])));
  const place = (i: number, t: number, sign: 1 | -1): void => {
    const p = (items[i]?.points ?? 0) * sign;
    total[t] = (total[t] as number) + p;
    const loads = byType[t] as Map<string, number>;
    loads.set(items[i]?.workType as string, (loads.get(items[i]?.workType as string) ?? 0) + p);
  };
  const fits = (i: number, t: number): boolean => {
    const p = items[i]?.points ?? 0;
    if ((total[t] as number) + p > (req.iterations[t]?.capacity as number) + EPS) return false;
    if (borrow) return true;
    const type = items[i]?.workType as string;
    return ((byType[t] as Map<string, number>).get(type) ?? 0) + p <= ((slices[t] as Record<string, number>)[type] as number) + EPS;
  };

  const fixed = committedClosure(req);
  const free: number[] = [];
  items.forEach((it, i) => {
    if (fixed.has(it.key)) {
      const t = fillPlacement.get(it.key) ?? -1;
      assign[i] = t;
      if (t >= 0) place(i, t, 1);
    } else if (plannable[i]) free.push(i);
  });

  const blockersOk = (): boolean => {
    for (let i = 0; i < n; i++) {
      const t = assign[i] as number;
      if (t === -1) continue;
      for (const b of items[i]?.blockedBy ?? []) {
        const j = index.get(b);
        if (j === undefined) return false;
        const tb = assign[j] as number;
        if (tb === -1 || tb > t) return false;
      }
    }
    return true;
  };
  /** Committed order between two committed items (ties by rank, then key), as the priority order has it. */
  const committedBefore = (a: number, b: number): boolean => {
    const x = items[a] as FillRequest['items'][number];
    const y = items[b] as FillRequest['items'][number];
    if (x.committedOrder !== y.committedOrder) return (x.committedOrder as number) < (y.committedOrder as number);
    if (x.rank !== y.rank) return x.rank < y.rank;
    return x.key < y.key;
  };
  const committedIdx = items.flatMap((it, i) => (it.committedOrder != null ? [i] : []));
  const crowdsOutAnOwner = (): boolean => {
    for (let i = 0; i < n; i++) {
      const item = items[i] as FillRequest['items'][number];
      if (!item.ready || item.points === null) continue;
      let lb = 0;
      let blockerOut = false;
      for (const b of item.blockedBy ?? []) {
        const j = index.get(b);
        if (j === undefined || (assign[j] as number) < 0) blockerOut = true;
        else lb = Math.max(lb, assign[j] as number);
      }
      if (blockerOut) continue;
      let ub = N - 1;
      if (item.committedOrder != null) {
        for (const c of committedIdx) {
          if (c === i || (assign[c] as number) < 0) continue;
          if (committedBefore(c, i)) lb = Math.max(lb, assign[c] as number);
          else ub = Math.min(ub, assign[c] as number);
        }
      }
      const planned = assign[i] as number;
      for (let t = lb; t <= ub && (planned < 0 || t < planned); t++) {
        const room = ((slices[t] as Record<string, number>)[item.workType] as number) - ((byType[t] as Map<string, number>).get(item.workType) ?? 0);
        const free = (req.iterations[t]?.capacity as number) - (total[t] as number);
        if (item.points <= room + EPS && item.points > free + EPS) return true;
      }
    }
    return false;
  };
  const cost = (): number => items.reduce((s, it, i) => s + (it.costOfDelay ?? 0) * ((assign[i] as number) === -1 ? N + 1 : (assign[i] as number) + 1), 0);

  let best = Infinity;
  const search = (k: number): void => {
    if (k === free.length) {
      const c = cost();
      if (c < best && blockersOk() && !(borrow && crowdsOutAnOwner())) best = c;
      return;
    }
    const i = free[k] as number;
    assign[i] = -1;
    search(k + 1);
    for (let t = 0; t < N; t++) {
      if (!fits(i, t)) continue;
      assign[i] = t;
      place(i, t, 1);
      search(k + 1);
      place(i, t, -1);
    }
    assign[i] = -1;
  };
  search(0);
  return best;
}
