/**
 * Figures 5 and 6: fill quality (`optimal` vs `greedy`, and vs the exact optimum on small requests) on 200
 * generated requests of four shapes, and fill time on 10,000 items x 6 iterations.
 */
import { fillIterations, type FillRequest } from '../src/domain';
import { exactOptimum, placementOf } from './bruteForce';
import type { Figure } from './figures';
import { LARGE, SHAPES, SMALL, generateRequest, largeMixedRequest } from './fillRequests';
import { formatCount, mean, median, percentile, round, timeRuns } from './stats';

export const QUALITY_REQUESTS = 200;
const EPS = 1e-9;

interface Compared {
  shape: string;
  small: boolean;
  items: number;
  greedy: number;
  optimal: number;
  exact: number | null;
}

export function compareOn(request: FillRequest, shape: string, small: boolean): Compared {
  const greedy = fillIterations({ ...request, mode: 'greedy' });
  const optimal = fillIterations({ ...request, mode: 'optimal' });
  const exact = small ? exactOptimum(request, placementOf(optimal)) : null;
  return { shape, small, items: request.items.length, greedy: greedy.costOfDelay, optimal: optimal.costOfDelay, exact };
}

/** `count` requests, the shapes in turn, every other one small enough for the brute force. */
export function qualityRuns(count: number = QUALITY_REQUESTS): Compared[] {
  return Array.from({ length: count }, (_, i) => {
    const shape = SHAPES[i % SHAPES.length] as (typeof SHAPES)[number];
    const small = Math.floor(i / SHAPES.length) % 2 === 0;
    return compareOn(generateRequest(shape, small ? SMALL : LARGE, 1000 + i), shape, small);
  });
}

/** Cost ratio where a zero cost on both sides counts as equal. */
function ratio(a: number, b: number): number {
  return b === 0 ? (a === 0 ? 1 : Infinity) : a / b;
}

export function qualityFigures(runs: readonly Compared[]): Figure[] {
  const vsGreedy = runs.map((r) => ratio(r.optimal, r.greedy));
  const neverWorse = runs.filter((r) => r.optimal <= r.greedy + EPS).length;
  const savings = runs.filter((r) => r.greedy > 0).map((r) => (r.greedy - r.optimal) / r.greedy);
  const improved = runs.filter((r) => r.optimal < r.greedy - EPS).length;
  const small = runs.filter((r) => r.exact !== null);
  const vsExact = small.map((r) => ratio(r.optimal, r.exact as number));
  const exactHits = small.filter((r) => Math.abs(r.optimal - (r.exact as number)) <= EPS).length;
  const byShape = [...new Set(runs.map((r) => r.shape))]
    .map((shape) => {
      const of = runs.filter((r) => r.shape === shape && r.greedy > 0);
      return `${shape} ${round(100 * mean(of.map((r) => (r.greedy - r.optimal) / r.greedy)), 1)}%`;
    })
    .join(', ');
  const worstExact = Math.max(...vsExact);
  const saving = (r: Compared): number => (r.greedy > 0 ? (r.greedy - r.optimal) / r.greedy : 0);
  const largest = runs.reduce((best, r) => (saving(r) > saving(best) ? r : best), runs[0] as Compared);
  return [
    {
      figure: 5,
      name: `Fill quality: optimal / greedy cost of delay (${runs.length} requests, ${SHAPES.length} shapes)`,
      backlog: null,
      value: round(mean(vsGreedy), 4),
      unit: 'x (mean)',
      goal: 'optimal <= greedy on every request',
      holds: neverWorse === runs.length,
      detail: `worst ${round(Math.max(...vsGreedy), 4)}x, best ${round(Math.min(...vsGreedy), 4)}x; optimal <= greedy on ${neverWorse}/${runs.length}, strictly better on ${improved}`,
    },
    {
      figure: 5,
      name: 'Fill quality: mean saving of optimal over greedy',
      backlog: null,
      value: round(100 * mean(savings), 2),
      unit: '% cost of delay',
      goal: 'report (>= 0)',
      holds: mean(savings) >= 0,
      detail: `by shape: ${byShape}`,
    },
    {
      figure: 5,
      name: 'Fill quality: p95 saving of optimal over greedy (95% of requests save at most this)',
      backlog: null,
      value: round(100 * percentile(savings, 0.95), 2),
      unit: '% cost of delay',
      goal: 'report (>= 0)',
      holds: percentile(savings, 0.95) >= 0,
      detail: `median ${round(100 * percentile(savings, 0.5), 2)}%; ${improved} of ${runs.length} requests save anything`,
    },
    {
      figure: 5,
      name: 'Fill quality: largest saving of optimal over greedy',
      backlog: null,
      value: round(100 * Math.max(...savings), 2),
      unit: '% cost of delay',
      goal: 'report (>= 0)',
      holds: Math.max(...savings) >= 0,
      detail: `on a "${largest.shape}" request: greedy ${round(largest.greedy, 1)} vs optimal ${round(largest.optimal, 1)} cost of delay`,
    },
    {
      figure: 5,
      name: `Fill quality: optimal / exact optimum (brute force, ${small.length} small requests)`,
      backlog: null,
      value: round(mean(vsExact), 4),
      unit: 'x (mean)',
      goal: 'optimal = exact on every small one',
      holds: exactHits === small.length,
      detail: `worst ${round(worstExact, 4)}x; equal on ${exactHits}/${small.length} (${SMALL.items[0]}-${SMALL.items[1]} items, ${SMALL.iterations[0]}-${SMALL.iterations[1]} iterations)`,
    },
  ];
}

export const FILL_TIME_GOAL_MS = 1000;

/** Figure 6: `optimal` on 10k items x 6 iterations, at a team's velocity and at a capacity that plans thousands. */
export async function fillTimeFigure(items: number, runs: number): Promise<Figure> {
  const scenarios = [
    { label: 'velocity 40 per iteration', request: largeMixedRequest(items, 6, 40, 7) },
    { label: 'capacity 1,000 per iteration', request: largeMixedRequest(items, 6, 1000, 7) },
  ];
  const measured = [];
  for (const scenario of scenarios) {
    const optimal = await timeRuns(runs, () => fillIterations({ ...scenario.request, mode: 'optimal' }));
    const greedy = await timeRuns(runs, () => fillIterations({ ...scenario.request, mode: 'greedy' }));
    const planned = optimal.last.iterations.reduce((s, it) => s + it.keys.length, 0);
    measured.push({ ...scenario, optimalMs: median(optimal.ms), greedyMs: median(greedy.ms), planned });
  }
  const worst = Math.max(...measured.map((m) => m.optimalMs));
  return {
    figure: 6,
    name: `Fill time, optimal mode, ${formatCount(items)} items x 6 iterations (worst scenario)`,
    backlog: items,
    value: round(worst, 1),
    unit: 'ms',
    goal: `< ${FILL_TIME_GOAL_MS}`,
    holds: worst < FILL_TIME_GOAL_MS,
    detail: measured
      .map((m) => `${m.label}: optimal ${round(m.optimalMs, 1)} ms vs greedy ${round(m.greedyMs, 1)} ms, ${formatCount(m.planned)} planned`)
      .join('; ') + ` (median of ${runs})`,
  };
}
