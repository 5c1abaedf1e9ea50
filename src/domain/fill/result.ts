/* Result phase: the plan as the caller reads it, left-out items with their reasons, in priority order. */
import { Model, OUT, cost, lowerBound } from './model';
import { FillRequest, FillResult } from './types';

export function toResult(m: Model, assign: Int32Array, req: FillRequest): FillResult {
  // `priority` is a permutation of 0..n-1: its inverse is the priority order, without a sort.
  const byPriority = new Int32Array(m.n);
  for (let i = 0; i < m.n; i++) byPriority[m.priority[i]] = i;
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
  const late: FillResult['late'] = [];
  for (const i of byPriority) {
    if (m.neededBy[i] >= 0 && (assign[i] === OUT || assign[i] > m.neededBy[i])) late.push({ key: m.keys[i], neededBy: m.neededBy[i] });
  }
  return { iterations, leftOut, costOfDelay: cost(m, assign), late };
}
