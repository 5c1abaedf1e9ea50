/**
 * Figure 15 (issue 18): the plan's forecast on a large backlog, the domain's `forecastPlan` as the Fill and
 * Balance reads call it: 10,000 trials over 6 planned iterations, every item planned or waiting after the plan,
 * features of 6 stories each, and the top points' 50/85/95% iteration.
 */
import { forecastPlan, type PlanForecastRequest } from '../src/domain';
import type { Figure } from './figures';
import { formatCount, median, round, timeRuns } from './stats';

export const FORECAST_GOAL_MS = 200;

/** A seeded, plan-shaped request: `items` items, the first ones planned 40 points an iteration, the rest queued. */
export function largeForecastRequest(items: number): PlanForecastRequest {
  const iterations = 6;
  const planned = Array.from({ length: iterations }, () => 0);
  const plan: { key: string; iteration: number | null }[] = [];
  const queue: { key: string; points: number }[] = [];
  const sizes = [1, 2, 3, 5, 8, 13];
  let iteration = 0;
  for (let i = 0; i < items; i++) {
    const key = `T-${i + 1}`;
    const points = sizes[(i * 7) % sizes.length] as number;
    while (iteration < iterations && (planned[iteration] as number) + points > 40) iteration++;
    if (iteration < iterations) {
      planned[iteration] = (planned[iteration] as number) + points;
      plan.push({ key, iteration });
    } else if (i % 10 === 0) {
      plan.push({ key, iteration: null }); // left out: not ready, blocked
    } else {
      queue.push({ key, points });
    }
  }
  const features = Array.from({ length: Math.floor(items / 6) }, (_, f) => ({ key: `F-${f + 1}`, stories: Array.from({ length: 6 }, (_, s) => `T-${f * 6 + s + 1}`) }));
  return {
    throughput: [34, 41, 28, 39, 45, 31, 36, 40, 29, 38],
    plannedPoints: planned,
    piLastIteration: 4,
    items: plan,
    queue,
    features,
    topPoints: 2000,
  };
}

/** Figure 15: the median time of a whole forecast on `items` items. */
export async function forecastTimeFigure(items: number, runs: number): Promise<Figure> {
  const request = largeForecastRequest(items);
  const timed = await timeRuns(runs, () => forecastPlan(request));
  const ms = median(timed.ms);
  const forecast = timed.last;
  return {
    figure: 15,
    name: `Forecast of a plan, ${formatCount(items)} items (10,000 trials)`,
    backlog: items,
    value: round(ms, 1),
    unit: 'ms',
    goal: `< ${FORECAST_GOAL_MS}`,
    holds: ms < FORECAST_GOAL_MS,
    detail:
      `${request.plannedPoints.length} planned iterations, ${formatCount(request.items.length)} items planned or left out, ` +
      `${formatCount(request.queue?.length ?? 0)} waiting after the plan, ${formatCount(request.features.length)} features, ` +
      `top ${request.topPoints} points by iteration ${(forecast?.top.iterations ?? []).map((k) => (k === null ? '-' : k + 1)).join('/')} (50/85/95%) (median of ${runs})`,
  };
}
