/* Greedy phase: the floor every plan is measured against, and the `greedy` mode. */
import { Load, Model, OUT, lowerBound } from './model';
import { borrowPass } from './borrowing';

/**
 * Each item of `sequence` in turn into the earliest iteration where it fits. A committed item goes no earlier
 * than any placed committed item before it in committed order and no later than any placed one after it
 * (those can already be placed when they block an earlier one), so iterations never decrease along that order.
 */
export function greedyAssign(m: Model, sequence: number[], start?: { assign: Int32Array; load: Load }): Int32Array {
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


/**
 * The greedy plan: in order, each item into the earliest iteration where it fits; with borrowing, "fits"
 * means within its own slice, or into room that no type's own eligible items can use (`borrowPass`).
 */
export function greedyPlan(m: Model): Int32Array {
  if (!m.borrow) return greedyAssign(m, m.order);
  return borrowPass(m, new Int32Array(m.n).fill(OUT), m.order);
}

