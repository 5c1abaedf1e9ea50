/*
 * Iteration fill: which ready items go into which of the next N iterations, by phase:
 * model (validation, blocker graph, priority order) -> greedy (the floor and the `greedy` mode) ->
 * borrowing (a slice's own type has first call on it) -> optimise (exact or local search, `optimal`) ->
 * result. The solver choice, its measurements and the semantics decided: docs/decisions/fill-solver.md.
 */
import { EPS, Model, buildModel, cost } from './model';
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
  return toResult(model, optimalPlan(model, greedy), req);
}

/**
 * Both modes of one request (`req.mode` is ignored), as two `fillIterations` calls would give them: the panel
 * shows the optimal plan against the greedy one, and the model (validation, priority sort, blocker graph)
 * and the greedy plan are the same for both, so they are built once (at 50k items the model is most of a fill).
 */
export function fillBothModes(req: FillRequest): { greedy: FillResult; optimal: FillResult } {
  const model = buildModel(req);
  const greedy = greedyPlan(model);
  return { greedy: toResult(model, greedy, req), optimal: toResult(model, optimalPlan(model, greedy), req) };
}

/** The optimised plan, or greedy's when optimising did not lower the cost of delay. */
function optimalPlan(model: Model, greedy: Int32Array): Int32Array {
  const optimal = model.borrow ? optimiseBorrowing(model, greedy) : optimise(model, greedy);
  return cost(model, optimal) <= cost(model, greedy) + EPS ? optimal : greedy;
}
