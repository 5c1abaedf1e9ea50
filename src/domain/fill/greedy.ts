/* Greedy phase: the floor every plan is measured against, and the `greedy` mode. */
import { Load, Model, OUT, loadOf, lowerBound } from './model';
import { borrowPass } from './borrowing';

/** Rounds of compaction (each moves at least one item; usually 1-2 suffice). */
const COMPACT_ROUND_LIMIT = 50;

/**
 * Each item of `sequence` in turn into the earliest iteration where it fits. Committed items (first in the
 * sequence) are thus placed first-fit in committed order: a later one may land earlier when an earlier one
 * does not fit there (DOMAIN.md: committed order binds within a work type, by what comes first).
 */
export function greedyAssign(m: Model, sequence: number[], start?: { assign: Int32Array; load: Load }): Int32Array {
  const assign = start ? start.assign : new Int32Array(m.n).fill(OUT);
  const load = start ? start.load : new Load(m);
  const N = m.iterationCount;
  for (const i of sequence) {
    const lb = lowerBound(m, assign, i);
    if (lb === null) continue;
    for (let t = lb; t < N; t++) {
      if (load.fits(i, t)) {
        assign[i] = t;
        load.add(i, t, 1);
        break;
      }
    }
  }
  return assign;
}

/**
 * No idle room, without borrowing: in `sequence` order, each item moves to the earliest iteration before
 * its own where it fits (a left-out one into any), in rounds until nothing moves. Moving an item earlier
 * never raises the cost of delay and never breaks a blocker (its dependents sit where they were or later).
 */
export function compact(m: Model, start: Int32Array, sequence: number[]): Int32Array {
  const assign = Int32Array.from(start);
  const load = loadOf(m, assign);
  const N = m.iterationCount;
  for (let round = 0, moved = true; moved && round < COMPACT_ROUND_LIMIT; round++) {
    moved = false;
    for (const i of sequence) {
      const lb = lowerBound(m, assign, i);
      if (lb === null) continue;
      const end = assign[i] === OUT ? N : assign[i];
      for (let t = lb; t < end; t++) {
        if (!load.fits(i, t)) continue;
        if (assign[i] !== OUT) load.add(i, assign[i], -1);
        assign[i] = t;
        load.add(i, t, 1);
        moved = true;
        break;
      }
    }
  }
  return assign;
}

/**
 * The greedy plan: in order, each item into the earliest iteration where it fits; with borrowing, "fits"
 * means within its own slice, or into room that no type's own eligible items can use (`borrowPass`).
 * Either way no room is left idle that a later or left-out item could take.
 */
export function greedyPlan(m: Model): Int32Array {
  if (!m.borrow) return compact(m, greedyAssign(m, m.order), m.order);
  return borrowPass(m, new Int32Array(m.n).fill(OUT), m.order);
}
