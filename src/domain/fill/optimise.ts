/*
 * Optimise phase (`optimal` mode): the committed prefix keeps greedy's placement; the rest is searched
 * exactly when small, else improved by local search; never worse than greedy (the caller checks).
 * Why this design and what it costs: docs/decisions/fill-solver.md.
 */
import { Load, Model, OUT, cost, loadOf, EPS } from './model';
import { greedyAssign } from './greedy';
import { CommittedSpan, borrowPass, protectionHolds } from './borrowing';
import { branchAndBound } from './exact';
import { localSearch } from './localSearch';

/** At most this many competing items are searched exactly (branch and bound). */
const EXACT_LIMIT = 22;
/** With borrowing, at most this many items (scored or not) are searched exactly, each complete plan checked. */
const EXACT_BORROW_LIMIT = 16;
const EXACT_BORROW_NODE_BUDGET = 400_000;

/**
 * `optimal` with borrowing. The committed prefix keeps greedy's placement. Small requests: exact branch and
 * bound over every other item (unscored ones too: which owners are planned decides what may be borrowed),
 * each complete plan checked against the protection rule. Otherwise: the no-borrowing optimisation of the
 * rest (within slices the rule holds trivially), then `borrowPass`. Every candidate is checked in full;
 * greedy's plan is the fallback.
 */
export function optimiseBorrowing(m: Model, greedy: Int32Array): Int32Array {
  const assign = new Int32Array(m.n).fill(OUT);
  const prefix = m.order.slice(0, m.prefixLength);
  for (const i of prefix) assign[i] = greedy[i];
  const load = loadOf(m, assign);
  const inPrefix = new Uint8Array(m.n);
  for (const i of prefix) inPrefix[i] = 1;
  const rest = m.order
    .slice(m.prefixLength)
    .filter((i) => !m.blockers[i].some((b) => inPrefix[b] && assign[b] === OUT));

  let best = greedy;
  const consider = (candidate: Int32Array): void => {
    if (cost(m, candidate) < cost(m, best) - EPS && protectionHolds(m, candidate)) best = candidate;
  };
  if (rest.length <= EXACT_BORROW_LIMIT) {
    // Every committed item is in the prefix, so what committed order allows is fixed during the search.
    const span = new CommittedSpan(m, assign);
    const accept = (a: Int32Array, l: Load): boolean => protectionHolds(m, a, l, span);
    const exact = branchAndBound(m, assign, load, rest, greedy, EXACT_BORROW_NODE_BUDGET, accept);
    // Adding items never raises the cost; it plans the unscored items the search left out for nothing.
    const filled = borrowPass(m, exact.assign, m.order);
    consider(filled);
    if (exact.proven) return best;
  }
  const own: Model = { ...m, borrow: false };
  const seedLoad = new Load(own);
  for (const i of prefix) if (assign[i] !== OUT) seedLoad.add(i, assign[i], 1);
  const seed = greedyAssign(own, rest, { assign: Int32Array.from(assign), load: seedLoad });
  consider(borrowPass(m, optimise(own, seed), m.order));
  return best;
}


export function optimise(m: Model, greedy: Int32Array): Int32Array {
  // The committed prefix keeps greedy's placement.
  const assign = new Int32Array(m.n).fill(OUT);
  const load = new Load(m);
  const prefix = m.order.slice(0, m.prefixLength);
  for (const i of prefix) {
    if (greedy[i] !== OUT) {
      assign[i] = greedy[i];
      load.add(i, greedy[i], 1);
    }
  }
  const inPrefix = new Uint8Array(m.n);
  for (const i of prefix) inPrefix[i] = 1;
  // An item waiting on a committed-prefix item that did not fit stays blocked.
  const rest = m.order
    .slice(m.prefixLength)
    .filter((i) => !m.blockers[i].some((b) => inPrefix[b] && assign[b] === OUT));
  // Only scored items and what they wait for compete; the rest fills whatever room is left.
  const inSearch = new Uint8Array(m.n);
  for (let q = rest.length - 1; q >= 0; q--) {
    const i = rest[q];
    if (m.weight[i] > 0) inSearch[i] = 1;
    if (inSearch[i]) for (const b of m.blockers[i]) if (assign[b] === OUT) inSearch[b] = 1;
  }
  const search = rest.filter((i) => inSearch[i]);

  let start: Int32Array = Int32Array.from(assign);
  for (const i of search) start[i] = greedy[i];
  let best: Int32Array | null = null;
  if (search.length <= EXACT_LIMIT) {
    const exact = branchAndBound(m, assign, load, search, start);
    if (exact.proven) best = exact.assign;
    else start = exact.assign;
  }
  // Too big to prove, or the node budget ran out: improve the best plan known so far.
  if (best === null) best = localSearch(m, assign, load, search, start);
  // Hole filling: everything not placed yet, in greedy order, into the earliest iteration it fits.
  const finalLoad = new Load(m);
  for (let i = 0; i < m.n; i++) if (best[i] !== OUT) finalLoad.add(i, best[i], 1);
  const leftOver = rest.filter((i) => best[i] === OUT);
  return greedyAssign(m, leftOver, { assign: best, load: finalLoad });
}

