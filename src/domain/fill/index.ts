/*
 * Iteration fill: which ready items go into which of the next N iterations, by phase:
 * model (validation, blocker graph, priority order) -> greedy (the floor and the `greedy` mode) ->
 * borrowing (a slice's own type has first call on it) -> optimise (exact or local search, `optimal`) ->
 * result. The solver choice, its measurements and the semantics decided: docs/decisions/fill-solver.md.
 */
import { EPS, buildModel, cost } from './model';
import { greedyPlan } from './greedy';
import { optimise, optimiseBorrowing } from './optimise';
import { toResult } from './result';
import { FillRequest, FillResult } from './types';

export type { PlanItem, FillRequest, FillResult, LeftOutReason } from './types';

/** Plans the next iterations from the backlog: greedy in priority order, or the minimum total cost of delay. */
export function fillIterations(req: FillRequest): FillResult {
  const model = buildModel(req);
  const greedy = greedyPlan(model);
  const mode = req.mode ?? 'optimal';
  if (mode === 'greedy') return toResult(model, greedy, req);
  const optimal = model.borrow ? optimiseBorrowing(model, greedy) : optimise(model, greedy);
  return toResult(model, cost(model, optimal) <= cost(model, greedy) + EPS ? optimal : greedy, req);
}
