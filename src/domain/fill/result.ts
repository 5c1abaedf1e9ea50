/* Result phase: the plan as the caller reads it, left-out items with their reasons, in priority order. */
import { Model, OUT, cost, lowerBound } from './model';
import { FillRequest, FillResult } from './types';

export function toResult(m: Model, assign: Int32Array, req: FillRequest): FillResult {
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
