import {
  DomainError,
  FORECAST_TRIALS,
  completionBy,
  featureAcrossTeams,
  forecastPlan,
  iterationCompletion,
  iterationPercentiles,
  seededRandom,
  simulateThroughput,
  throughputModel,
} from '../../src/domain';

describe('seededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  it('draws uniformly from [0, 1)', () => {
    const next = seededRandom(7);
    const draws = Array.from({ length: 20_000 }, () => next());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.49);
    expect(mean).toBeLessThan(0.51);
  });
});

describe('throughputModel', () => {
  it('keeps the last 10 closed sprints and is confident from 6 on', () => {
    const twelve = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    expect(throughputModel(twelve)).toEqual({ samples: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12], lowConfidence: false });
    expect(throughputModel([20, 22, 19, 25, 18, 21]).lowConfidence).toBe(false);
    expect(throughputModel([20, 22, 19, 25, 18]).lowConfidence).toBe(true);
    expect(throughputModel([])).toEqual({ samples: [], lowConfidence: true });
  });

  it('refuses a negative or non-numeric sprint', () => {
    expect(() => throughputModel([10, -1])).toThrow(DomainError);
    expect(() => throughputModel([10, Number.NaN])).toThrow(/sprint #2/);
  });
});

describe('simulateThroughput: closed-form cases', () => {
  it('constant throughput gives 100% for a plan within it and 0% beyond it', () => {
    const sim = simulateThroughput(throughputModel([20, 20, 20, 20, 20, 20]), 3);
    // Cumulative planned 18, 38, 61 against cumulative throughput 20, 40, 60.
    expect(iterationCompletion(sim, [18, 20, 23])).toEqual([1, 1, 0]);
    // Exactly the throughput completes (no float noise turns 60 into "not quite").
    expect(iterationCompletion(sim, [20, 20, 20])).toEqual([1, 1, 1]);
  });

  it('a two-point distribution gives its exact probability within 1%', () => {
    // Each iteration completes 5 or 15 points with probability 1/2.
    const sim = simulateThroughput(throughputModel([5, 15, 5, 15, 5, 15]), 3);
    const [one, two, three] = iterationCompletion(sim, [10, 10, 10]);
    expect(Math.abs((one as number) - 0.5)).toBeLessThan(0.01); // P(X1 >= 10) = 1/2
    expect(Math.abs((two as number) - 0.75)).toBeLessThan(0.01); // P(X1 + X2 >= 20) = 1 - 1/4
    // P(X1 + X2 + X3 >= 30): at least two of three are 15 = 4/8
    expect(Math.abs((three as number) - 0.5)).toBeLessThan(0.01);
  });

  it('an unequal two-point distribution: P(X >= 10) = 1/3 when 15 is one sample in three', () => {
    const sim = simulateThroughput(throughputModel([5, 5, 15, 5, 5, 15]), 1);
    expect(Math.abs((iterationCompletion(sim, [10])[0] as number) - 1 / 3)).toBeLessThan(0.01);
  });

  it('runs 10,000 trials by default and the same request gives the same figures', () => {
    const model = throughputModel([12, 25, 18, 30, 9, 21, 17]);
    const a = simulateThroughput(model, 4);
    const b = simulateThroughput(model, 4);
    expect(a.trials).toBe(FORECAST_TRIALS);
    expect(iterationCompletion(a, [20, 20, 20, 20])).toEqual(iterationCompletion(b, [20, 20, 20, 20]));
    const other = simulateThroughput(model, 4, { seed: 99 });
    expect(iterationCompletion(other, [20, 20, 20, 20])).not.toEqual(iterationCompletion(a, [20, 20, 20, 20]));
  });

  it('the buffer takes its share of every drawn throughput', () => {
    const sim = simulateThroughput(throughputModel([20, 20, 20, 20, 20, 20]), 2, { buffer: 0.1 });
    // 18 points a sprint go to planned work.
    expect(iterationCompletion(sim, [18, 18])).toEqual([1, 1]);
    expect(iterationCompletion(sim, [18, 19])).toEqual([1, 0]);
  });

  it('refuses a buffer outside 0..1 and a simulation without throughput', () => {
    expect(() => simulateThroughput(throughputModel([20]), 2, { buffer: 1.2 })).toThrow(DomainError);
    expect(() => simulateThroughput(throughputModel([]), 2)).toThrow(/no closed sprint/i);
  });
});

describe('completionBy: done by the PI end, with carry-over', () => {
  it('an iteration after the PI end still completes by it when the team runs ahead', () => {
    const sim = simulateThroughput(throughputModel([5, 15, 5, 15, 5, 15]), 3);
    // By the end of iteration 1 (index 0): 10 planned there (P = 1/2); the 10 of iteration 2 would need 20 by then (never).
    const byFirst = completionBy(sim, [10, 10, 10], 0);
    expect(Math.abs((byFirst[0] as number) - 0.5)).toBeLessThan(0.01);
    expect(byFirst[1]).toBe(0);
    // By the end of iteration 2: iteration 1's 10 points are done unless both draws are 5 (P = 3/4), iteration 2's 20 points too (3/4)
    const bySecond = completionBy(sim, [5, 5, 10], 1);
    expect(Math.abs((bySecond[0] as number) - 1)).toBeLessThan(1e-9);
    expect(Math.abs((bySecond[1] as number) - 1)).toBeLessThan(1e-9);
    expect(Math.abs((bySecond[2] as number) - 0.75)).toBeLessThan(0.01); // 20 by the end of iteration 2
  });
});

describe('iterationPercentiles', () => {
  it('constant throughput: every level is the same iteration', () => {
    const sim = simulateThroughput(throughputModel([10, 10, 10, 10, 10, 10]), 2);
    expect(iterationPercentiles(sim, 45)).toEqual([4, 4, 4]); // 0-based: the fifth iteration
    expect(iterationPercentiles(sim, 0)).toEqual([0, 0, 0]);
  });

  it('two-point: 20 points are done by the 2nd iteration at 50%, the 3rd at 85%, the 4th at 95%', () => {
    // X in {5, 15}: covered by iteration 2 (index 1) with P 3/4; by iteration 3 surely when 15 appears once, else 15 < 20 -> iteration 4.
    const sim = simulateThroughput(throughputModel([5, 15, 5, 15, 5, 15]), 1);
    // P(T <= index 1) = 3/4, P(T <= index 2) = 7/8, P(T <= index 3) = 1.
    expect(iterationPercentiles(sim, 20)).toEqual([1, 2, 3]);
  });

  it('answers null beyond what any throughput could reach', () => {
    const sim = simulateThroughput(throughputModel([0, 0, 0, 0, 0, 0]), 2);
    expect(iterationPercentiles(sim, 10)).toEqual([null, null, null]);
  });
});

describe('forecastPlan', () => {
  const request = {
    throughput: [20, 20, 20, 20, 20, 20],
    plannedPoints: [18, 20, 23],
    piLastIteration: 1,
    items: [
      { key: 'A-1', iteration: 0 },
      { key: 'A-2', iteration: 2 },
      { key: 'A-3', iteration: null },
      { key: 'A-4', iteration: 1 },
    ],
    features: [
      { key: 'F-1', stories: ['A-1', 'A-4'] },
      { key: 'F-2', stories: ['A-1', 'A-2'] },
      { key: 'F-3', stories: ['A-1', 'A-3'] },
      { key: 'F-4', stories: [] },
      { key: 'F-5', stories: ['A-1', 'HIDDEN-1'] },
    ],
    topPoints: 100,
  };

  it('gives per iteration, item and feature the probability, and the 50/85/95% iteration of the top points', () => {
    const forecast = forecastPlan(request) as NonNullable<ReturnType<typeof forecastPlan>>;
    expect(forecast).toMatchObject({ samples: 6, lowConfidence: false, trials: FORECAST_TRIALS });
    expect(forecast.iterations).toEqual([1, 1, 0]);
    // Done by the PI's end (iteration index 1): cumulative 40 covers 38 but not 61.
    expect(forecast.items).toEqual({ 'A-1': 1, 'A-2': 0, 'A-3': null, 'A-4': 1 });
    // A feature is done when its last story is; a story left out (or unknown) means it is not planned; none open: done.
    expect(forecast.features).toEqual({ 'F-1': 1, 'F-2': 0, 'F-3': null, 'F-4': 1, 'F-5': null });
    expect(forecast.top).toEqual({ points: 100, iterations: [4, 4, 4] });
  });

  it('items queued after the plan are done once everything before them is', () => {
    // Plan 10 + 10 in two iterations, PI of four: queued items follow in order at 20 a sprint through 80.
    const forecast = forecastPlan({
      ...request,
      plannedPoints: [10, 10],
      piLastIteration: 3,
      items: [{ key: 'A-1', iteration: 1 }],
      queue: [
        { key: 'Q-1', points: 50 }, // needs 70
        { key: 'Q-2', points: 10 }, // needs 80
        { key: 'Q-3', points: 1 }, // needs 81
      ],
      features: [{ key: 'F-1', stories: ['A-1', 'Q-2'] }, { key: 'F-2', stories: ['Q-3'] }],
    });
    expect(forecast?.items).toEqual({ 'A-1': 1, 'Q-1': 1, 'Q-2': 1, 'Q-3': 0 });
    expect(forecast?.features).toEqual({ 'F-1': 1, 'F-2': 0 });
  });

  it('with a two-point throughput, an item two iterations in is done by the PI end with the exact probability', () => {
    const forecast = forecastPlan({
      ...request,
      throughput: [5, 15, 5, 15, 5, 15],
      plannedPoints: [10, 10],
      piLastIteration: 1,
      items: [{ key: 'A-1', iteration: 0 }, { key: 'A-2', iteration: 1 }],
      features: [],
    });
    expect(Math.abs((forecast?.items['A-2'] as number) - 0.75)).toBeLessThan(0.01);
    expect(Math.abs((forecast?.iterations[0] as number) - 0.5)).toBeLessThan(0.01);
  });

  it('answers null without any closed sprint, and flags low confidence below 6 sprints', () => {
    expect(forecastPlan({ ...request, throughput: [] })).toBeNull();
    expect(forecastPlan({ ...request, throughput: [20, 20, 20] })?.lowConfidence).toBe(true);
  });

  it('plans with no PI iteration left give 0 for items of the plan', () => {
    const forecast = forecastPlan({ ...request, piLastIteration: -1 });
    expect(forecast?.items['A-1']).toBe(0);
  });
});

describe('featureAcrossTeams', () => {
  it('multiplies the teams\' probabilities, and is not planned when one part is not', () => {
    expect(featureAcrossTeams([0.5, 0.8])).toBeCloseTo(0.4);
    expect(featureAcrossTeams([1, null])).toBeNull();
    expect(featureAcrossTeams([])).toBe(1);
  });
});
